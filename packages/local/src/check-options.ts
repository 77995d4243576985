import { readOptions, ValidationError } from '@coffer/core';

/**
 * Checks the options object given to a local provider factory before anything reads it:
 * `undefined` or a plain object holding only `names`. Anything else (`null`, a string, an array,
 * a misspelt option) is a `ValidationError`, never a `TypeError` from deep inside.
 *
 * @example
 * ```ts
 * const checked = checkLocalOptions<FileProviderOptions>(options, 'file', ['file', 'format']);
 * ```
 */
export function checkLocalOptions<T extends object>(options: unknown, provider: string, names: readonly string[]): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError(`the options of the ${provider} provider must be an object`, { provider });
  }
  // Read once: options that throw when read (a getter, a proxy) are a ValidationError too.
  const given = readOptions(options, `the options of the ${provider} provider`, { provider });
  for (const name of Object.keys(given)) {
    if (names.includes(name)) continue;
    const shown = /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(name) ? ` '${name}'` : '';
    throw new ValidationError(`unknown option${shown}: the ${provider} provider takes ${names.join(', ')}`, { provider });
  }
  return given as Partial<T>;
}
