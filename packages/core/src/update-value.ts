import { ValidationError } from './errors.js';

const MAX_DEPTH = 100;
// Half of a UTF-16 surrogate pair on its own: UTF-8 (files, HTTP bodies) has no way to carry it,
// so it would read back as U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_UNICODE = 'holds text that is not well-formed Unicode (a lone surrogate), which no backend stores as written';

/**
 * Checks a value given to `update`, once for every provider, before any call: text, a list of
 * strings, bytes, or a JSON object or array that reads back exactly as written. So nothing that
 * `JSON.stringify` would drop, change or refuse is accepted: `undefined`, a function or a symbol
 * anywhere, a number that is not finite, a `toJSON` method, an object that is not plain (a
 * `Date`, a `Map`, a class instance), a symbol key, a cycle; nor text with a lone surrogate.
 */
export function checkUpdateValue(value: unknown, where: { provider: string; path: string }): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new ValidationError(`value ${NOT_UNICODE}`, where);
    return;
  }
  let kind: 'bytes' | 'json' | undefined;
  try {
    kind = value instanceof Uint8Array ? 'bytes' : Array.isArray(value) || isPlainObject(value) ? 'json' : undefined;
  } catch {
    throw new ValidationError('value could not be read (a proxy threw)', where);
  }
  if (kind === 'bytes') return;
  if (kind === undefined) {
    throw new ValidationError('value must be a string, a string[], a Uint8Array or a JSON object or array', where);
  }
  let problem: string | undefined;
  try {
    problem = jsonProblem(value, new Set(), 0);
  } catch {
    problem = 'reading it threw';
  }
  if (problem !== undefined) throw new ValidationError(`value cannot be written as JSON exactly: ${problem}`, where);
}

/** What keeps `value` from reading back exactly as written through JSON, if anything. */
function jsonProblem(value: unknown, parents: Set<object>, depth: number): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? `it ${NOT_UNICODE}` : undefined;
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'it holds a number that is not finite';
  if (typeof value !== 'object') return `it holds ${value === undefined ? 'undefined' : `a ${typeof value}`}`;
  if (depth >= MAX_DEPTH) return `it is nested more than ${MAX_DEPTH} levels deep`;
  if (!Array.isArray(value) && !isPlainObject(value)) return 'it holds an object that is not a plain object or array';
  if (parents.has(value)) return 'it refers to itself';
  if (Object.getOwnPropertySymbols(value).length > 0) return 'it has a symbol key';
  if (!Array.isArray(value) && 'toJSON' in value) return 'it has a toJSON method';
  if (!Array.isArray(value) && Object.keys(value).some((key) => LONE_SURROGATE.test(key))) return `a key ${NOT_UNICODE}`;
  parents.add(value);
  try {
    const items = Array.isArray(value) ? Array.from(value) : Object.values(value);
    for (const item of items) {
      const problem = jsonProblem(item, parents, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    parents.delete(value);
  }
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
