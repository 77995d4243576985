import { type CofferError, ProviderError } from '@coffer/core';
import type { GcpResponse } from './transport.js';

/** What the caller was doing, for the IAM role a 403 names. */
export type Action = 'read' | 'list' | 'write' | 'create';

/** The predefined role that grants each action, named in permission errors. */
const ROLES: Record<Action, string> = {
  read: 'roles/secretmanager.secretAccessor',
  list: 'roles/secretmanager.viewer',
  write: 'roles/secretmanager.secretVersionAdder',
  create: 'roles/secretmanager.admin',
};

/**
 * Google's `error.status` of a failed answer (`NOT_FOUND`, `PERMISSION_DENIED`, ...), read to
 * tell cases apart; the server's message is never quoted, it may echo the request.
 *
 * @example
 * ```ts
 * if (statusOf(response) === 'FAILED_PRECONDITION') return undefined;
 * ```
 */
export function statusOf(response: GcpResponse): string | undefined {
  const error = response.body?.error as { status?: unknown } | undefined;
  return typeof error?.status === 'string' ? error.status : undefined;
}

/**
 * The coffer error for a failed Secret Manager answer. 403 is access denied and names the IAM
 * role the action needs; 401 is refused credentials; neither is transient, so a cached value is
 * never served over them. 429 and 5xx are transient (a stale value may be served).
 *
 * @example
 * ```ts
 * if (response.status >= 400) throw failure(response, 'db', 'read');
 * ```
 */
export function failure(response: GcpResponse, path: string, action: Action): CofferError {
  const where = { provider: 'gcp.sm', path };
  const { status } = response;
  if (status === 403) {
    const message =
      `permission denied: grant ${ROLES[action]} on the secret or its project to the caller ` +
      '(Secret Manager also answers 403 for a secret that does not exist)';
    return new ProviderError(message, { ...where, transient: false, failure: 'permission' });
  }
  if (status === 401) {
    return new ProviderError('the access token was refused (expired or revoked): check the credentials', {
      ...where,
      transient: false,
      failure: 'credentials',
    });
  }
  const transient = status === 429 || status >= 500;
  const reason = statusOf(response) ?? 'unexpected answer';
  return new ProviderError(`Secret Manager answered ${status} ${reason}`, {
    ...where,
    transient,
    ...(status === 400 ? { failure: 'configuration' as const } : {}),
  });
}

/** A 2xx answer whose body lacks what the route always returns. */
export function damaged(path: string): CofferError {
  return new ProviderError('Secret Manager sent an answer without the expected fields', { provider: 'gcp.sm', path, transient: true });
}
