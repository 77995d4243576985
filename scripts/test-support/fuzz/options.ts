import type { Random } from './random';

/**
 * The options each operation takes, with a generator of right values and a check of what the
 * contract clearly rejects (a wrong type), so the suites can require `INVALID_INPUT` for it.
 */

/** Generators of right values, by option name. */
export type OptionMakers = Readonly<Record<string, () => unknown>>;

const bool = (r: Random) => () => r.chance(0.5);

/** The core's options of each operation, plus the provider's own (`extra`). */
export function optionMakers(r: Random, operation: 'get' | 'list' | 'exists' | 'update', extra: OptionMakers = {}): OptionMakers {
  const core: Record<string, OptionMakers> = {
    get: {
      keypath: () => r.pick([['k'], [0], ['arr', 0], [], ['missing']]),
      decode: () => r.pick(['auto', 'json', 'raw']),
      default: () => r.pick(['fallback', undefined, null, 0]),
      forceFetch: bool(r),
      maxAge: () => r.pick(['1m', 1000, '30s', 0]),
    },
    list: { recursive: bool(r), decode: () => r.pick(['auto', 'json', 'raw']), forceFetch: bool(r), maxAge: () => r.pick(['1m', 5000]) },
    exists: { keypath: () => r.pick([['k'], [0], []]) },
    update: { create: () => true },
  };
  return { ...core[operation], ...extra };
}

const BOOLEAN_OPTIONS = new Set(['forceFetch', 'recursive', 'create', 'decrypt']);

/** Whether the contract plainly rejects `value` for the option `name` (absent values are fine). */
export function clearlyInvalidOption(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (BOOLEAN_OPTIONS.has(name)) return typeof value !== 'boolean';
  if (name === 'decode') return !['auto', 'json', 'raw'].includes(value as string);
  if (name === 'keypath') {
    if (!Array.isArray(value)) return true;
    return [...value].some((key) => typeof key !== 'string' && !(Number.isInteger(key) && key >= 0));
  }
  if (name === 'maxAge') {
    if (typeof value === 'number') return !Number.isFinite(value) || value < 0;
    return typeof value !== 'string';
  }
  return false;
}

/** Whether an options object (as generated) is one the contract rejects as a whole. */
export function clearlyInvalidOptions(options: unknown, known: OptionMakers): boolean {
  if (options === undefined || options === null) return false;
  if (typeof options !== 'object' || Array.isArray(options)) return true;
  let names: string[];
  try {
    names = Object.keys(options);
  } catch {
    return true;
  }
  for (const name of names) {
    let value: unknown;
    try {
      value = (options as Record<string, unknown>)[name];
    } catch {
      return true;
    }
    if (value === undefined) continue;
    if (!Object.hasOwn(known, name)) return true;
    if (clearlyInvalidOption(name, value)) return true;
  }
  return false;
}
