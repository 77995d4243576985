import { inspect } from 'node:util';
import type { LRUCache } from 'lru-cache';
import type { CacheAdapter, CacheEntry } from './cache-adapter.js';
import { type Duration, parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
import { growingLru } from './growing-lru.js';
import { readOptions } from './read-options.js';

/**
 * Options of {@link memoryCache}.
 * @example
 * ```ts
 * const cache = memoryCache({ max: 5000, ttl: '5m' });
 * ```
 */
export interface MemoryCacheOptions {
  /**
   * The most entries held; the least recently used go first.
   * @default 1000
   */
  max?: number;
  /**
   * How long an entry stays fresh.
   * @default '15m'
   */
  ttl?: Duration;
}

/** The defaults of s1crets: 1000 entries, 15 minutes. */
export const MEMORY_CACHE_DEFAULTS = { max: 1000, ttl: 15 * 60_000 } as const;

/**
 * The options `peek` hands `lru-cache`'s `get`: one object, not the `{}` it makes per call when
 * given none (a cached read then allocates no more than an awaited bare `lru-cache` read). `get`
 * writes its `status` into them (an object only while its metrics channel has subscribers), so
 * it is set back after each call and no call sees another's.
 */
const PEEK: LRUCache.GetOptions<string, Held, unknown> = { status: undefined };

/** An entry and when the memory cache drops it (fresh time plus the stale bound). */
interface Held {
  readonly entry: CacheEntry;
  readonly dropAt: number;
}

/**
 * An in-process LRU cache (`lru-cache`), the default of every client. It answers synchronously,
 * so a cached read costs one lookup, and every read counts as a use.
 *
 * @example
 * ```ts
 * const ps = new ParameterStore({ cache: memoryCache({ max: 5000, ttl: '5m' }) });
 * ```
 */
export function memoryCache(options: MemoryCacheOptions = {}): CacheAdapter {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError('memoryCache options must be an object such as { max: 1000, ttl: "15m" }');
  }
  const given = readOptions(options, 'memoryCache options') as MemoryCacheOptions;
  const max = given.max ?? MEMORY_CACHE_DEFAULTS.max;
  if (!Number.isInteger(max) || max < 1) throw new ValidationError('memoryCache max must be a positive integer');
  const ttl = given.ttl === undefined ? MEMORY_CACHE_DEFAULTS.ttl : parseDuration(given.ttl, 'memoryCache ttl');
  // lru-cache keeps the recency (every read, the hot path's `peek` too, is a use) and the bound.
  // The drop time (fresh time plus the stale bound) is kept beside each entry and checked by
  // `get` against the real time; `peek` leaves that to the client, which checks `expiresAt`.
  // Grown as entries come, not allocated for `max` at once: a large `max` would cost the cold start.
  const held = growingLru<string, Held>(max);
  return {
    name: 'memory',
    ttl,
    get: (key) => {
      const item = held.get(key);
      if (item === undefined || Date.now() < item.dropAt) return item?.entry;
      held.delete(key);
      return undefined;
    },
    peek: (key) => {
      const item = held.get(key, PEEK);
      PEEK.status = undefined;
      return item?.entry;
    },
    set: (key, entry, ttlMs) => {
      held.set(key, { entry, dropAt: Date.now() + Math.max(1, ttlMs) });
    },
    delete: (key) => {
      held.delete(key);
    },
    clear: () => held.clear(),
    [inspect.custom]: () => `memoryCache { max: ${max}, ttl: ${ttl}, size: ${held.size} }`,
  } as CacheAdapter;
}
