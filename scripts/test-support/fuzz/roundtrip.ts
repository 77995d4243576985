import type { Random } from './random';
import { hostileString, hostileValue, type Sample } from './hostile';

/**
 * Values to write, and what reading them back must give: a string exactly (read raw), bytes
 * exactly, anything else exactly its JSON. A value with no JSON object or array form must be
 * refused, never half-written.
 */

/** How an accepted write must read back. */
export type Readback =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'json'; readonly json: string }
  | { readonly kind: 'refuse' };

/** What a value written with `update` must read back as. */
export function readbackOf(value: unknown): Readback {
  try {
    return expectedOf(value);
  } catch {
    return { kind: 'refuse' };
  }
}

function expectedOf(value: unknown): Readback {
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (value instanceof Uint8Array) return { kind: 'bytes', bytes: Uint8Array.from(value) };
  if (value === null || typeof value !== 'object') return { kind: 'refuse' };
  let json: string | undefined;
  try {
    const proto = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return { kind: 'refuse' };
    json = JSON.stringify(value);
  } catch {
    return { kind: 'refuse' };
  }
  if (json === undefined || !/^[[{]/.test(json)) return { kind: 'refuse' };
  return { kind: 'json', json };
}

/** Whether `read` (what `get` gave, with `decode: 'raw'` for text) is what was written. */
export function readsBack(expected: Readback, read: unknown): boolean {
  switch (expected.kind) {
    case 'text':
      return read === expected.text;
    case 'bytes':
      return read instanceof Uint8Array && Buffer.from(read).equals(Buffer.from(expected.bytes));
    case 'json':
      try {
        return canonical(read) === canonical(JSON.parse(expected.json));
      } catch {
        return false;
      }
    case 'refuse':
      return false;
  }
}

/** JSON with every object's keys sorted: a backend may keep an object's keys in its own order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A short printable form of what was read (long text cut). */
export function shown(read: unknown): string {
  if (typeof read === 'string') return JSON.stringify(read.length > 80 ? `${read.slice(0, 80)}…` : read);
  if (read instanceof Uint8Array) return `bytes(${read.length})`;
  try {
    const json = JSON.stringify(read);
    return json === undefined ? String(read) : json.slice(0, 120);
  } catch {
    return typeof read;
  }
}

const TEXTS = [
  'plain',
  'true',
  '123',
  'null',
  '~',
  '',
  ' padded ',
  'a: b',
  '- x',
  '#c',
  'x=y',
  '"q"',
  "'q'",
  'line1\nline2',
  'cr\r\n',
  'tab\tt',
  '$HOME',
  '$\u007bX}',
  '\\n',
  'é秘😀',
  '\u0000nul',
  '{"a":1}',
  '[1]',
  '\uD800',
];

/** A value for `update`: mostly writable text, lists and objects, sometimes anything at all. */
export function writableValue(r: Random): Sample {
  const kind = r.int(0, 9);
  if (kind <= 3) {
    const value = r.pick(TEXTS);
    return { label: JSON.stringify(value), value };
  }
  if (kind === 4) {
    const value = hostileString(r).value.slice(0, r.pick([40, 5000]));
    return { label: `text(${value.length})`, value };
  }
  if (kind === 5) {
    const value = Array.from({ length: r.int(0, 3) }, () => r.pick(['a', 'b c', 'a,b', '', 'é', '1']));
    return { label: JSON.stringify(value), value };
  }
  if (kind === 6) {
    const value = { user: r.pick(TEXTS), n: r.int(0, 9), nested: { ok: r.chance(0.5), list: ['x', r.pick(TEXTS)] } };
    return { label: 'object', value };
  }
  if (kind === 7) return { label: 'bytes', value: new Uint8Array(Array.from({ length: r.int(0, 8) }, () => r.int(0, 255))) };
  return hostileValue(r);
}
