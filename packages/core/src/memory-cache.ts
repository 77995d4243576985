import { inspect } from 'node:util';
import type { CacheAdapter, CacheEntry } from './cache-adapter.js';
import { type Duration, parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
import { now } from './clock.js';
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
 * An in-process LRU cache, the default of every client. It answers synchronously, so a cached
 * read costs one map lookup.
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
  // A Map keeps its keys in insertion order: a read moves its key to the end, so the first key is
  // always the least recently used. (Not lru-cache: 19 kB of bundle for what a Map does here.)
  // The drop time is kept beside the entry and checked on read.
  const held = new Map<string, { entry: CacheEntry; dropAt: number }>();
  let newest: string | undefined;
  const drop = (key: string): void => {
    held.delete(key);
    if (key === newest) newest = undefined;
  };
  const put = (key: string, item: { entry: CacheEntry; dropAt: number }): void => {
    held.delete(key);
    held.set(key, item);
    newest = key;
  };
  return {
    name: 'memory',
    ttl,
    get: (key) => {
      const item = held.get(key);
      if (item === undefined) return undefined;
      if (now() >= item.dropAt) {
        drop(key);
        return undefined;
      }
      if (key !== newest) put(key, item);
      return item.entry;
    },
    peek: (key) => held.get(key)?.entry,
    set: (key, entry, ttlMs) => {
      put(key, { entry, dropAt: now() + Math.max(1, ttlMs) });
      if (held.size > max) drop(held.keys().next().value as string);
    },
    delete: drop,
    clear: () => {
      held.clear();
      newest = undefined;
    },
    [inspect.custom]: () => `memoryCache { max: ${max}, ttl: ${ttl}, size: ${held.size} }`,
  } as CacheAdapter;
}
