import { type CofferError, ProviderError, type ProviderErrorContext, SecretNotFoundError } from '@coffer/core';
import type { VaultResponse } from './transport.js';

/**
 * A check-and-set write lost: the secret's current version is not the `cas` the write gave
 * (someone else wrote first, or `cas: 0` and the secret exists). Read again and retry.
 *
 * @example
 * ```ts
 * try {
 *   await client.update('app/db', next, { cas: 4 });
 * } catch (error) {
 *   if (error instanceof CasConflictError) await retryWithFreshVersion();
 * }
 * ```
 */
export class CasConflictError extends ProviderError {
  constructor(context: ProviderErrorContext = {}) {
    super('check-and-set conflict: the secret changed since the version given as cas', { ...context, transient: false });
    this.name = 'CasConflictError';
  }
}

const REASONS: Record<number, string> = {
  400: 'the request was refused as invalid',
  401: 'the request was not authenticated',
  403: 'access denied (the token lacks a policy for this path, or has expired)',
  405: 'the operation is not supported at this path',
  412: 'the server is not yet consistent',
  429: 'rate limited',
  500: 'internal server error',
  502: 'bad gateway, or a damaged answer',
  503: 'the server is sealed or unavailable',
  504: 'gateway timeout',
};

/** Vault's own error strings, read to tell cases apart; never quoted in a message. */
function errorsOf(response: VaultResponse): string[] {
  const errors = response.body?.errors;
  return Array.isArray(errors) ? errors.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The coffer error for a failed Vault answer. 403 is access denied and never transient (so a
 * cached value is not served over it); 412, 429, 5xx and a sealed server are transient. The
 * message gives the status and its meaning, never the body.
 *
 * @example
 * ```ts
 * if (response.status >= 400) throw failure(response, 'app/db');
 * ```
 */
export function failure(response: VaultResponse, path: string | undefined): CofferError {
  const where = path === undefined ? { provider: 'vault' } : { provider: 'vault', path };
  if (response.status === 400 && errorsOf(response).some((text) => text.includes('check-and-set'))) return new CasConflictError(where);
  const transient = response.status === 412 || response.status === 429 || response.status >= 500;
  const reason = REASONS[response.status] ?? 'unexpected answer';
  return new ProviderError(`Vault answered ${response.status}: ${reason}`, { ...where, transient });
}

/** A 2xx answer whose body lacks what the route always returns. */
export function damaged(path: string): CofferError {
  return new ProviderError('Vault sent an answer without the expected fields', { provider: 'vault', path, transient: true });
}

/**
 * Whether a 404 says the mount itself is missing (the server has no route there), rather than
 * the secret: Vault's own words are read, never quoted.
 *
 * @example
 * ```ts
 * if (response.status === 404 && noSuchMount(response)) throw missingMount('secrte', 'app/db');
 * ```
 */
export function noSuchMount(response: VaultResponse): boolean {
  return response.status === 404 && errorsOf(response).some((text) => text.startsWith('no handler for route'));
}

/**
 * A mount that does not exist: a setting to fix (the `mount` option, `--mount`, the first segment
 * of a `ref+vault://` path), so a configuration failure rather than a missing secret.
 *
 * @example
 * ```ts
 * throw missingMount('secrte', 'app/db');
 * ```
 */
export function missingMount(mount: string, path: string): CofferError {
  return new ProviderError(`there is no mount '${mount}' on this Vault server: check the mount option (--mount)`, {
    provider: 'vault',
    path,
    transient: false,
    failure: 'configuration',
  });
}

/**
 * A version of a secret that exists, but not at that version (never written, or destroyed):
 * not found, as the secret would be, but saying which.
 *
 * @example
 * ```ts
 * throw missingVersion('app/db', 9);
 * ```
 */
export function missingVersion(path: string, version: number): CofferError {
  return new SecretNotFoundError(`version ${version} of the secret does not exist or was deleted (the secret itself exists)`, {
    provider: 'vault',
    path,
  });
}
