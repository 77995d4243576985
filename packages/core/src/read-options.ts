import { type ErrorContext, ValidationError } from './errors.js';

/**
 * Reads an options object once, into a plain copy of its own enumerable properties: absent
 * (`undefined` or `null`) is `{}`; anything else that is not a plain object, or an object whose
 * reading throws (a getter, a proxy), is a `ValidationError` rather than a foreign error. The copy
 * has no prototype, so a key such as `__proto__` stays data.
 *
 * @example
 * ```ts
 * const { max, ttl } = readOptions(options, 'memoryCache options');
 * ```
 */
export function readOptions(options: unknown, what: string, where: ErrorContext = {}): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  if (options === undefined || options === null) return copy;
  if (typeof options !== 'object' || Array.isArray(options)) throw new ValidationError(`${what} must be an object`, where);
  try {
    for (const name of Object.keys(options)) copy[name] = (options as Record<string, unknown>)[name];
  } catch {
    throw new ValidationError(`${what} could not be read (a getter or a proxy threw)`, where);
  }
  return copy;
}
