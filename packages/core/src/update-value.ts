import { ValidationError } from './errors';

/** Checks a value given to `update`: text, a list of strings, bytes, or a JSON object or array. */
export function checkUpdateValue(value: unknown, where: { provider: string; path: string }): void {
  if (typeof value === 'string' || value instanceof Uint8Array) return;
  if (Array.isArray(value) || (value !== null && typeof value === 'object' && isPlain(value))) {
    try {
      JSON.stringify(value);
      return;
    } catch {
      throw new ValidationError('value cannot be written as JSON', where);
    }
  }
  throw new ValidationError('value must be a string, a string[], a Uint8Array or a JSON object or array', where);
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
