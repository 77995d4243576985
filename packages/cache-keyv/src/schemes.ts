import { type CacheAdapter, type CacheSpecOptions, memoryCache, registerCacheScheme, ValidationError } from '@coffer/core';
import { keyvCache } from './keyv-cache.js';
import { requireKeyvRedis } from './optional.js';
import { clusterStore, detectingStore, isClusterScheme, type NodeSocketSettings, parseClusterUrl } from './redis-cluster.js';
import { tieredCache } from './tiered-cache.js';

/** How long connecting to Redis may take before the cache is skipped (reads go to the provider). */
const REDIS_CONNECT_TIMEOUT_MS = 2000;

/**
 * The cache for a `COFFER_CACHE` value of `sqlite`, `sqlite:///abs/path.db`, `redis://…`,
 * `rediss://…` or `redis+cluster://host:port,host:port` (`rediss+cluster://` with TLS), with the
 * namespace, ttl, size and key core read from the environment. Redis is kept behind a memory tier
 * (`tieredCache`): warm reads make no round trip, and the invalidation channel keeps the memory
 * copies of every process in step. A `redis://` URL that points at a node of a Redis Cluster
 * uses the whole cluster.
 *
 * @example
 * ```ts
 * const cache = cacheFromSpec('sqlite:///var/cache/app/coffer.db', { namespace: 'aws.ps' });
 * const shared = cacheFromSpec('redis+cluster://10.0.0.1:6379,10.0.0.2:6379', { namespace: 'aws.ps', encryptionKey });
 * ```
 */
export function cacheFromSpec(spec: string, options: CacheSpecOptions): CacheAdapter {
  const { namespace, ttl, max, encryptionKey } = options;
  const colon = spec.indexOf(':');
  const scheme = (colon < 0 ? spec : spec.slice(0, colon)).toLowerCase();
  if (scheme === 'sqlite') return keyvCache({ path: sqlitePath(spec), namespace, ttl, encryptionKey });
  const cluster = isClusterScheme(scheme);
  if (scheme !== 'redis' && scheme !== 'rediss' && !cluster) {
    throw new ValidationError(`COFFER_CACHE scheme '${scheme}' is not one of sqlite, redis, rediss, redis+cluster, rediss+cluster`);
  }
  if (!encryptionKey) {
    throw new ValidationError(`COFFER_CACHE=${scheme} needs COFFER_CACHE_KEY: base64 of 32 random bytes (openssl rand -base64 32)`);
  }
  // The URL may carry a password: it is checked here and never repeated in a message.
  const address = cluster ? parseClusterUrl(spec) : undefined;
  if (!cluster && (!URL.canParse(spec) || !new URL(spec).hostname))
    throw new ValidationError(`COFFER_CACHE is not a valid ${scheme}:// URL`);
  // Checked now, not on first use: without the store a client would run uncached while its
  // stats said redis.
  const redis = requireKeyvRedis();
  const store = async () =>
    address
      ? clusterStore(redis, address, socket(), REDIS_CONNECT_TIMEOUT_MS)
      : detectingStore(redis, spec, socket(), REDIS_CONNECT_TIMEOUT_MS);
  const shared = keyvCache({ store, namespace, ttl, encryptionKey, name: 'redis' });
  return tieredCache(memoryCache({ max, ttl }), shared);
}

function sqlitePath(spec: string): string | undefined {
  if (spec.toLowerCase() === 'sqlite') return undefined;
  const rest = spec.slice('sqlite:'.length);
  if (!rest.startsWith('///')) throw new ValidationError('COFFER_CACHE must be sqlite or sqlite:///abs/path.db (an absolute path)');
  let path: string;
  try {
    path = decodeURIComponent(rest.slice(2));
  } catch {
    throw new ValidationError('COFFER_CACHE sqlite path is not a valid URL path');
  }
  if (path.length < 2 || path.endsWith('/')) throw new ValidationError('COFFER_CACHE must name a database file: sqlite:///abs/path.db');
  return path;
}

const socket = (): NodeSocketSettings => ({
  connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
  reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000),
});

/** Makes `COFFER_CACHE=sqlite…`, `redis://…` and `redis+cluster://…` work for clients made without a cache. */
export function registerSchemes(): void {
  for (const scheme of ['sqlite', 'redis', 'rediss', 'redis+cluster', 'rediss+cluster']) registerCacheScheme(scheme, cacheFromSpec);
}
