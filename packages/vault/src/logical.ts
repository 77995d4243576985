import type { CallContext, RawSecret } from '@coffer/core';
import { damaged, failure } from './errors.js';
import { apiPath } from './paths.js';
import { rawOf } from './values.js';
import type { VaultApi } from './vault-api.js';

/**
 * A lease the server gave with an answer: a secret's (`lease_id`, renewed and revoked through
 * `sys/leases/*`) or a token's (`auth`, renewed and revoked by its accessor).
 */
export interface Lease {
  readonly kind: 'secret' | 'token';
  /** The `lease_id`, or the token's accessor. */
  readonly id: string;
  /** How long the lease lasts from when it was given, in milliseconds. */
  readonly durationMs: number;
  readonly renewable: boolean;
}

/** An answer of a logical path: the value, and its lease when it has one. */
export interface LogicalSecret {
  readonly raw: RawSecret;
  readonly lease?: Lease;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The lease of an answer: the token's under `auth`, else the secret's. */
function leaseOf(body: Record<string, unknown>): Lease | undefined {
  const auth = body.auth;
  if (isRecord(auth) && typeof auth.accessor === 'string' && auth.accessor !== '') {
    const seconds = typeof auth.lease_duration === 'number' ? auth.lease_duration : 0;
    if (seconds <= 0) return undefined;
    return { kind: 'token', id: auth.accessor, durationMs: seconds * 1000, renewable: auth.renewable === true };
  }
  const id = body.lease_id;
  const seconds = body.lease_duration;
  if (typeof id !== 'string' || id === '' || typeof seconds !== 'number' || seconds <= 0) return undefined;
  return { kind: 'secret', id, durationMs: seconds * 1000, renewable: body.renewable === true };
}

/**
 * Reads a path of any secrets engine, relative to `/v1/` (`database/creds/app`), or, with
 * `data`, writes it and takes the answer (`pki/issue/web` with `{ common_name }`,
 * `auth/token/create`). The value is the answer's `data` (or `auth` for a token); its version
 * is the lease id (the token's accessor), so that a new lease is a new version.
 *
 * @example
 * ```ts
 * const { raw, lease } = (await readLogical(api, 'pki/issue/web', { common_name: 'a.test' }, true, context))!;
 * ```
 */
export async function readLogical(
  api: VaultApi,
  path: string,
  data: Readonly<Record<string, unknown>> | undefined,
  unwrap: boolean,
  context: CallContext,
): Promise<LogicalSecret | undefined> {
  const request =
    data === undefined
      ? { method: 'GET' as const, path: apiPath(path), idempotent: true }
      : // Each write issues new credentials: never sent twice.
        { method: 'PUT' as const, path: apiPath(path), body: data, idempotent: false };
  const response = await api.call({ ...request, subject: path }, context);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw failure(response, path);
  const body = response.body;
  if (body === undefined) throw damaged(path);
  const lease = leaseOf(body);
  const fields = lease?.kind === 'token' ? body.auth : body.data;
  if (!isRecord(fields)) throw damaged(path);
  const raw = rawOf(fields, unwrap);
  if (lease === undefined) return { raw };
  const metadata = {
    version: lease.id,
    fields: { lease_id: lease.id, lease_duration: lease.durationMs / 1000, renewable: lease.renewable },
  };
  return { raw: { ...raw, metadata }, lease };
}

/**
 * Renews a lease for `incrementMs` more; the lease duration the server granted (shorter when
 * capped by its max_ttl), or `undefined` when it refused.
 *
 * @example
 * ```ts
 * const grantedMs = await renewLease(api, lease, lease.durationMs, context);
 * ```
 */
export async function renewLease(api: VaultApi, lease: Lease, incrementMs: number, context: CallContext): Promise<number | undefined> {
  const increment = Math.max(1, Math.round(incrementMs / 1000));
  const request =
    lease.kind === 'secret'
      ? { path: apiPath('sys', 'leases', 'renew'), body: { lease_id: lease.id, increment } }
      : { path: apiPath('auth', 'token', 'renew-accessor'), body: { accessor: lease.id, increment: `${increment}s` } };
  const response = await api.call({ method: 'PUT', ...request, idempotent: true }, context);
  if (response.status >= 400 && response.status < 500) return undefined;
  if (response.status !== 200 || response.body === undefined) throw failure(response, undefined);
  const auth = response.body.auth;
  const seconds = lease.kind === 'token' && isRecord(auth) ? auth.lease_duration : response.body.lease_duration;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Revokes a lease at once (the credentials stop working).
 *
 * @example
 * ```ts
 * await revokeLease(api, lease, context);
 * ```
 */
export async function revokeLease(api: VaultApi, lease: Lease, context: CallContext): Promise<void> {
  const request =
    lease.kind === 'secret'
      ? { path: apiPath('sys', 'leases', 'revoke'), body: { lease_id: lease.id } }
      : { path: apiPath('auth', 'token', 'revoke-accessor'), body: { accessor: lease.id } };
  const response = await api.call({ method: 'PUT', ...request, idempotent: true }, context);
  if (response.status >= 300 && response.status !== 404) throw failure(response, undefined);
}
