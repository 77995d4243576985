import type { CacheAdapter } from './cache-adapter.js';
import { parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
import { memoryCache } from './memory-cache.js';
import { cacheSchemeFactory, KEYV_SCHEMES } from './registry.js';

/**
 * The cache settings read from the environment.
 * @example
 * ```ts
 * const { spec, ttl, max } = cacheEnvironment(); // from COFFER_CACHE, COFFER_CACHE_TTL, COFFER_CACHE_MAX
 * ```
 */
export interface CacheEnvironment {
  /** `COFFER_CACHE`: `memory`, `none`, `sqlite`, `sqlite:///abs/path.db`, `redis://host:port`. */
  spec: string;
  /** `COFFER_CACHE_TTL`, in milliseconds. */
  ttl: number | undefined;
  /** `COFFER_CACHE_MAX`. */
  max: number | undefined;
  /** `COFFER_CACHE_KEY`. */
  encryptionKey: string | undefined;
}

/**
 * Reads `COFFER_CACHE`, `COFFER_CACHE_TTL`, `COFFER_CACHE_MAX` and `COFFER_CACHE_KEY`.
 *
 * @example
 * ```ts
 * process.env.COFFER_CACHE = 'sqlite';
 * cacheEnvironment().spec; // 'sqlite'
 * ```
 */
export function cacheEnvironment(env: NodeJS.ProcessEnv = process.env): CacheEnvironment {
  const ttlText = env.COFFER_CACHE_TTL?.trim();
  const maxText = env.COFFER_CACHE_MAX?.trim();
  const max = maxText ? Number(maxText) : undefined;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new ValidationError('COFFER_CACHE_MAX must be a positive integer');
  return {
    spec: env.COFFER_CACHE?.trim() || 'memory',
    ttl: ttlText ? parseDuration(ttlText, 'COFFER_CACHE_TTL') : undefined,
    max,
    encryptionKey: env.COFFER_CACHE_KEY?.trim() || undefined,
  };
}

/**
 * The cache a client gets when none is given: what `COFFER_CACHE` says (memory by default).
 *
 * @example
 * ```ts
 * const cache = cacheFromEnvironment('aws.ps');
 * ```
 */
export function cacheFromEnvironment(namespace: string, env: NodeJS.ProcessEnv = process.env): CacheAdapter | false {
  const settings = cacheEnvironment(env);
  const { spec } = settings;
  if (spec === 'memory') return memoryCache({ max: settings.max, ttl: settings.ttl });
  if (spec === 'none') return false;
  const scheme = /^([a-z][a-z0-9+.-]*)(:|$)/i.exec(spec)?.[1]?.toLowerCase();
  const factory = scheme ? cacheSchemeFactory(scheme) : undefined;
  if (!factory) {
    if (scheme && KEYV_SCHEMES.includes(scheme)) {
      throw new ValidationError(`COFFER_CACHE=${scheme} needs @coffer/cache-keyv: install it (or coffer, which has it)`);
    }
    throw new ValidationError("COFFER_CACHE must be 'memory', 'none', 'sqlite', 'sqlite:///abs/path.db' or 'redis://host:port'");
  }
  return factory(spec, { namespace, ttl: settings.ttl, max: settings.max, encryptionKey: settings.encryptionKey });
}

/** The default cache of a client made without one. */
export const defaultCache = (namespace: string): CacheAdapter | false => cacheFromEnvironment(namespace);
