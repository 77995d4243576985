import type { SecretMetadata } from '@coffer/core';

type Fields = Record<string, string | number | boolean>;

/**
 * What Vault said about a value read from KV: the version and its `created_time` (KV version 2),
 * and the lease of the answer when the server gave one (`lease_id`, `lease_duration` in seconds,
 * `renewable`), named as Vault names them. `undefined` when it said nothing.
 *
 * @example
 * ```ts
 * metadataOf({ data: { data: {}, metadata: { version: 3, created_time: '2026-01-02T03:04:05Z' } } });
 * // { version: '3', updatedAt: '2026-01-02T03:04:05.000Z' }
 * ```
 */
export function metadataOf(body: Record<string, unknown> | undefined): SecretMetadata | undefined {
  if (body === undefined) return undefined;
  const data = body.data as { metadata?: { version?: unknown; created_time?: unknown } } | undefined;
  const kv = data !== null && typeof data === 'object' ? data.metadata : undefined;
  const out: { version?: string; updatedAt?: string; fields?: Fields } = {};
  if (typeof kv?.version === 'number') out.version = String(kv.version);
  if (typeof kv?.created_time === 'string' && !Number.isNaN(Date.parse(kv.created_time))) {
    out.updatedAt = new Date(kv.created_time).toISOString();
  }
  const fields: Fields = {};
  if (typeof body.lease_id === 'string' && body.lease_id !== '') fields.lease_id = body.lease_id;
  if (typeof body.lease_duration === 'number' && body.lease_duration > 0) fields.lease_duration = body.lease_duration;
  if (typeof body.renewable === 'boolean' && fields.lease_duration !== undefined) fields.renewable = body.renewable;
  if (Object.keys(fields).length > 0) out.fields = fields;
  return Object.keys(out).length > 0 ? out : undefined;
}
