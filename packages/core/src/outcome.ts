import type { CacheEntry } from './cache-adapter';
import { walkKeypath } from './decode';
import { CofferError, isCofferError, ProviderError, ValidationError } from './errors';
import { handOut } from './freeze';
import type { ParsedOptions } from './options';

/**
 * What a caller gets of a decoded value: the keypath walked (a missing key answered by the
 * default when there is one), bytes copied.
 */
export function projectValue(value: unknown, parsed: ParsedOptions, provider: string, path: string): unknown {
  if (parsed.keypath === undefined || parsed.keypath.length === 0) return handOut(value);
  try {
    return handOut(walkKeypath(value, parsed.keypath, { provider, path }));
  } catch (error) {
    if (parsed.hasDefault && isCofferError(error, 'SECRET_NOT_FOUND')) return parsed.defaultValue;
    throw error;
  }
}

/**
 * Whether a failed refresh may be answered with an expired value: only a transient failure
 * (network, timeout, throttling, 5xx), and only within the stale bound. Not-found and access
 * denied are never hidden.
 */
export function servesStale(error: unknown, expired: CacheEntry, staleMs: number, now: number): boolean {
  return staleMs > 0 && error instanceof ProviderError && error.transient && now < expired.expiresAt + staleMs;
}

/**
 * Turns anything a provider threw into a coffer error. A foreign error's message is not
 * repeated (it could quote a value): only its name, the original is the `cause`.
 */
export function wrapProviderError(error: unknown, provider: string, path: string): CofferError {
  if (error instanceof CofferError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new ProviderError(`backend request failed (${name})`, { provider, path, cause: error, transient: true });
}

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
