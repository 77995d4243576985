import type { Random } from './random';

/**
 * Hostile inputs for the fuzz suites: strings that break parsers and paths, values of every
 * wrong type, and objects that fight back (proxies, throwing getters, `toJSON`, cycles).
 */

/** A generated input and a short, printable description of it (never the value of a huge string). */
export interface Sample<T = unknown> {
  readonly label: string;
  readonly value: T;
}

/** Strings that have broken parsers, paths and prototype-keyed objects somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '/__proto__',
  '/__proto__/polluted',
  '/constructor/prototype/polluted',
  '/a/__proto__/b',
  '/prototype',
  '\u0000',
  '/a\u0000b',
  '\uD800',
  '/ключ/秘密',
  '/🔑/x',
  '\u202Eevil',
  '../',
  '/../../etc/passwd',
  '/a/./b',
  '//',
  '/a//b',
  '/',
  '/a/',
  '\n',
  '/a\nb',
  '\r\n',
  '$HOME',
  '$\u007bPATH}',
  '"',
  "'",
  '`',
  '\\',
  '#',
  '=',
  'a=b',
  ':',
  '/a:1',
  '/a:label',
  '/a:',
  'aws/x',
  '/aws/x',
  '/ssm/x',
  '/aws/reference/secretsmanager/x',
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:x',
  '%00',
  '%2e%2e/',
  'true',
  'null',
  '123',
  '-1',
  'NaN',
  '{"a":1}',
  '[1,2]',
  '- x',
  'a: b',
  '~',
  '1e3',
  ' padded ',
  '\t',
  '<script>',
  '--help',
  '-V',
  '--',
  '-',
  'name with space',
  '*',
  '?',
];

const NAME_CHARS = 'abcXYZ019_.-';
const ANY_CHARS = ['a', 'Z', '0', '/', '.', '_', '-', ' ', ':', '=', '"', '\\', '\n', '\u0000', 'é', '秘', '😀', '\uDC00', '%', '$'];

/** A random string: hostile, a valid-looking path, random characters, or huge. */
export function hostileString(r: Random): Sample<string> {
  const kind = r.int(0, 9);
  if (kind <= 3) {
    const value = r.pick(HOSTILE_STRINGS);
    return { label: JSON.stringify(value), value };
  }
  if (kind <= 6) {
    const segments = Array.from({ length: r.int(1, 4) }, () =>
      Array.from({ length: r.int(1, 8) }, () => NAME_CHARS[r.int(0, NAME_CHARS.length - 1)]).join(''),
    );
    const value = `/${segments.join('/')}`;
    return { label: JSON.stringify(value), value };
  }
  if (kind <= 8) {
    const value = Array.from({ length: r.int(1, 24) }, () => r.pick(ANY_CHARS)).join('');
    return { label: JSON.stringify(value), value };
  }
  const size = r.pick([2049, 4097, 65_537, 1_000_001]);
  return { label: `<${size} chars>`, value: `/${'x'.repeat(size - 1)}` };
}

/** An object whose every operation throws: the most hostile thing to read options from. */
export function throwingProxy(): object {
  const fail = () => {
    throw new Error('proxy trap');
  };
  return new Proxy({}, { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail, set: fail });
}

/** A value of any type, hostile or plain. The factories run anew each time (fresh objects). */
const ANY: ReadonlyArray<[string, () => unknown]> = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['true', () => true],
  ['false', () => false],
  ['0', () => 0],
  ['-0', () => -0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['42', () => 42],
  ['NaN', () => Number.NaN],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-Infinity', () => Number.NEGATIVE_INFINITY],
  ['2**53', () => 2 ** 53],
  ['1n', () => 1n],
  ['symbol', () => Symbol('s')],
  ['function', () => () => 'f'],
  ['class', () => class Hostile {}],
  ['[]', () => []],
  ['[1]', () => [1]],
  ["['a','b']", () => ['a', 'b']],
  ["['a,b','c']", () => ['a,b', 'c']],
  ["['']", () => ['']],
  ['[null]', () => [null]],
  ['sparse array', () => new Array(3)],
  ['{}', () => ({})],
  ['Object.create(null)', () => Object.create(null)],
  ['frozen {a:1}', () => Object.freeze({ a: 1 })],
  ['throwing proxy', throwingProxy],
  [
    'throwing getter',
    () =>
      Object.defineProperty({}, 'keypath', {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      }),
  ],
  ['toJSON undefined', () => ({ toJSON: () => undefined })],
  [
    'toJSON throws',
    () => ({
      toJSON() {
        throw new Error('toJSON');
      },
    }),
  ],
  ['toJSON string', () => ({ toJSON: () => 'j' })],
  ['own __proto__', () => JSON.parse('{"__proto__":{"polluted":"yes"},"a":"b"}')],
  ['constructor key', () => ({ constructor: { prototype: { polluted: 'yes' } } })],
  [
    'circular',
    () => {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o;
      return o;
    },
  ],
  [
    'deep 3000',
    () => {
      let o: Record<string, unknown> = { leaf: 'x' };
      for (let i = 0; i < 3000; i++) o = { n: o };
      return o;
    },
  ],
  ['Date', () => new Date(0)],
  ['RegExp', () => /x/],
  ['Map', () => new Map([['a', 'b']])],
  ['Set', () => new Set(['a'])],
  ['Uint8Array', () => new Uint8Array([0, 1, 255])],
  ['Buffer', () => Buffer.from('buf')],
  ['ArrayBuffer', () => new ArrayBuffer(2)],
  ['String object', () => new String('x')],
  ['Promise', () => Promise.resolve('p')],
  ['Error', () => new Error('e')],
  [
    '{valueOf throws}',
    () => ({
      valueOf: () => {
        throw new Error('valueOf');
      },
      toString: () => {
        throw new Error('toString');
      },
    }),
  ],
];

/** Any value: a hostile string a third of the time, else a value of some other type. */
export function hostileValue(r: Random): Sample {
  if (r.chance(0.33)) return hostileString(r);
  const [label, make] = r.pick(ANY);
  return { label, value: make() };
}

/**
 * A hostile value for `default`, which `get` hands back as it is: never one whose `then` throws
 * (a throwing proxy), since awaiting such a value throws in the caller's own `await`, not in coffer.
 */
function notThenable(r: Random): unknown {
  for (;;) {
    const sample = hostileValue(r);
    if (sample.label !== 'throwing proxy') return sample.value;
  }
}

/** Whether a value is a string the contract calls a path at all (non-empty). */
export const isPathLike = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * An options object for one operation: a few known option names with right or wrong values,
 * sometimes an unknown or prototype-named key, sometimes not an object at all.
 */
export function hostileOptions(
  r: Random,
  known: Readonly<Record<string, () => unknown>>,
): Sample & { unknownKey: boolean; notObject: boolean } {
  if (r.chance(0.12)) {
    const other = hostileValue(r);
    const notObject = other.value !== undefined && other.value !== null && (typeof other.value !== 'object' || Array.isArray(other.value));
    return { ...other, label: `options=${other.label}`, unknownKey: false, notObject };
  }
  const names = Object.keys(known);
  const options: Record<string, unknown> = {};
  const parts: string[] = [];
  let unknownKey = false;
  for (let i = names.length ? r.int(0, 3) : 0; i > 0; i--) {
    const name = r.pick(names);
    const right = r.chance(0.6);
    const value = right ? known[name]!() : name === 'default' ? notThenable(r) : hostileValue(r).value;
    options[name] = value;
    parts.push(`${name}:${right ? 'ok' : 'hostile'}`);
  }
  if (r.chance(0.1)) {
    const name = r.pick(['__proto__', 'constructor', 'toString', 'unknownOption', 'cache', 'region', 'keyPath']);
    Object.defineProperty(options, name, { value: 'x', enumerable: true, configurable: true, writable: true });
    parts.push(`${name}:unknown`);
    unknownKey = !Object.hasOwn(known, name);
  }
  return { label: `{${parts.join(',')}}`, value: options, unknownKey, notObject: false };
}
