import { isDeepStrictEqual } from 'node:util';
import type { SecretMetadata } from '../provider.js';

/** A value read by a watch, with what the backend said about it when the core returns that. */
export interface Versioned {
  readonly value: unknown;
  readonly metadata?: SecretMetadata;
}

/**
 * Whether a read brings the listener nothing new: the backend says it is the same version, or
 * the value it is handed is unchanged (a new version of the same text, or a change to keys of a
 * secret outside the watched keypath, is never a change to the listener).
 */
export function sameVersion(before: Versioned, after: Versioned): boolean {
  const a = before.metadata?.version;
  const b = after.metadata?.version;
  if (a !== undefined && a === b) return true;
  return isDeepStrictEqual(before.value, after.value);
}

/**
 * A read as the watch keeps it. With `withMetadata`, `result` is what `get(path, { metadata:
 * true })` returns: the value beside its metadata (nested under `metadata`, or as the flat
 * `version` and `updatedAt` fields).
 */
export function versionedOf(result: unknown, withMetadata: boolean): Versioned {
  if (!withMetadata || result === null || typeof result !== 'object' || !('value' in result)) return { value: result };
  const read = result as { value: unknown; metadata?: unknown; version?: unknown; updatedAt?: unknown };
  if (read.metadata !== null && typeof read.metadata === 'object') {
    return { value: read.value, metadata: read.metadata as SecretMetadata };
  }
  const metadata: { version?: string; updatedAt?: string } = {};
  if (typeof read.version === 'string' || typeof read.version === 'number') metadata.version = String(read.version);
  if (typeof read.updatedAt === 'string') metadata.updatedAt = read.updatedAt;
  return { value: read.value, metadata };
}
