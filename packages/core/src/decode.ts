import { DecodeError, SecretNotFoundError, ValidationError } from './errors.js';
import type { RawSecret } from './provider.js';

/**
 * How a value is decoded: see the contract.
 * @example
 * ```ts
 * await client.get('/app/config', { decode: 'raw' }); // the stored text, unparsed
 * ```
 */
export type DecodeMode = 'auto' | 'json' | 'raw';

/**
 * A key path into a decoded value: strings for object keys, numbers for array indexes.
 * @example
 * ```ts
 * const keypath: Keypath = ['databases', 0, 'password'];
 * ```
 */
export type Keypath = readonly (string | number)[];

const DECODE_MODES: ReadonlySet<string> = new Set(['auto', 'json', 'raw']);

/** Whether `mode` is a decode mode. */
export function isDecodeMode(mode: unknown): mode is DecodeMode {
  return typeof mode === 'string' && DECODE_MODES.has(mode);
}

/**
 * Decodes a raw value. `'auto'`: JSON objects and arrays are parsed, every other text stays the
 * string it is (a password must never turn into a number); lists become `string[]`; bytes stay
 * bytes. `'json'`: any JSON value, else `DecodeError`. `'raw'`: exactly what is stored.
 *
 * @example
 * ```ts
 * decodeValue({ value: '{"a":1}' }, 'auto'); // { a: 1 }
 * decodeValue({ value: '12345' }, 'auto');   // '12345'
 * ```
 */
export function decodeValue(raw: RawSecret, mode: DecodeMode, where: { provider?: string; path?: string } = {}): unknown {
  const { value } = raw;
  if (typeof value !== 'string') return value;
  if (mode === 'raw') return value;
  if (raw.list && mode === 'auto') return value === '' ? [] : value.split(',');
  if (mode === 'json') {
    try {
      return JSON.parse(value);
    } catch {
      throw new DecodeError('value is not valid JSON', where);
    }
  }
  const first = firstNonSpace(value);
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return undefined;
}

/**
 * Checks a keypath's shape (before any network call).
 * @example
 * ```ts
 * checkKeypath(['db', 0, 'password']); // ok
 * checkKeypath('db.password');         // throws ValidationError
 * ```
 */
export function checkKeypath(keypath: unknown): asserts keypath is Keypath {
  if (!Array.isArray(keypath)) throw new ValidationError('keypath must be an array of strings and numbers');
  for (const key of keypath) {
    if (typeof key === 'string') continue;
    if (typeof key === 'number' && Number.isInteger(key) && key >= 0) continue;
    throw new ValidationError('keypath entries must be strings or non-negative integers');
  }
}

/**
 * Walks a keypath into a decoded value. A missing key is `SecretNotFoundError`; a walk into a
 * value that is not a JSON object or array is `DecodeError`. It never falls back to the root
 * and never iterates a string.
 *
 * @example
 * ```ts
 * walkKeypath({ db: { password: 'pw' } }, ['db', 'password']); // 'pw'
 * ```
 */
export function walkKeypath(value: unknown, keypath: Keypath, where: { provider?: string; path?: string } = {}): unknown {
  let current = value;
  for (let i = 0; i < keypath.length; i++) {
    const key = keypath[i] as string | number;
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) {
      throw new DecodeError(
        i === 0 ? 'keypath given but the value is not a JSON object or array' : `keypath step ${i} is not into a JSON object or array`,
        where,
      );
    }
    if (Array.isArray(current)) {
      if (typeof key !== 'number' || key >= current.length) {
        throw new SecretNotFoundError(`key ${formatKeypath(keypath.slice(0, i + 1))} not found`, where);
      }
      current = current[key];
    } else {
      const name = String(key);
      if (!Object.hasOwn(current, name)) {
        throw new SecretNotFoundError(`key ${formatKeypath(keypath.slice(0, i + 1))} not found`, where);
      }
      current = (current as Record<string, unknown>)[name];
    }
  }
  return current;
}

/** A keypath as `a.b[0]`, for messages (keys are names, never values). */
export function formatKeypath(keypath: Keypath): string {
  return keypath.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}
