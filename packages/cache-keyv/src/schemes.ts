import { type CacheAdapter, type CacheSpecOptions, registerCacheScheme, ValidationError } from '@coffer/core';
import type { KeyvStoreAdapter } from 'keyv';
import { keyvCache } from './keyv-cache.js';
import { requireKeyvRedis } from './optional.js';

/** How long connecting to Redis may take before the cache is skipped (reads go to the provider). */
const REDIS_CONNECT_TIMEOUT_MS = 2000;

/**
 * The cache for a `COFFER_CACHE` value of `sqlite`, `sqlite:///abs/path.db`, `redis://…` or
 * `rediss://…`, with the namespace, ttl and key core read from the environment
 * (`COFFER_CACHE_MAX` applies to memory caches only).
 *
 * @example
 * ```ts
 * const cache = cacheFromSpec('sqlite:///var/cache/app/coffer.db', { namespace: 'aws.ps' });
 * ```
 */
export function cacheFromSpec(spec: string, options: CacheSpecOptions): CacheAdapter {
  const { namespace, ttl, encryptionKey } = options;
  const colon = spec.indexOf(':');
  const scheme = (colon < 0 ? spec : spec.slice(0, colon)).toLowerCase();
  if (scheme === 'sqlite') return keyvCache({ path: sqlitePath(spec), namespace, ttl, encryptionKey });
  if (scheme === 'redis' || scheme === 'rediss') {
    if (!encryptionKey) {
      throw new ValidationError('COFFER_CACHE=redis needs COFFER_CACHE_KEY: base64 of 32 random bytes (openssl rand -base64 32)');
    }
    // The URL may carry a password: it is checked here and never repeated in a message.
    if (!URL.canParse(spec) || !new URL(spec).hostname) throw new ValidationError(`COFFER_CACHE is not a valid ${scheme}:// URL`);
    // Checked now, not on first use: without the store a client would run uncached while its
    // stats said redis.
    const redis = requireKeyvRedis();
    return keyvCache({ store: async () => redisStore(redis, spec), namespace, ttl, encryptionKey, name: 'redis' });
  }
  throw new ValidationError(`COFFER_CACHE scheme '${scheme}' is not one of sqlite, redis, rediss`);
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

type RedisModule = typeof import('@keyv/redis');

function redisStore(module: RedisModule, url: string): KeyvStoreAdapter {
  const KeyvRedis = module.default;
  const store = new KeyvRedis(
    {
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
    },
    { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: REDIS_CONNECT_TIMEOUT_MS },
  );
  return store as unknown as KeyvStoreAdapter;
}

/** Makes `COFFER_CACHE=sqlite…` and `redis://…` work for clients made without a cache. */
export function registerSchemes(): void {
  for (const scheme of ['sqlite', 'redis', 'rediss']) registerCacheScheme(scheme, cacheFromSpec);
}
