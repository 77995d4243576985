/** The cache contract: a small async key-value store with per-entry ttl. */

/**
 * A value, or a promise of it: memory caches answer synchronously, others asynchronously.
 * @example
 * ```ts
 * const get = (key: string): MaybePromise<CacheEntry | undefined> => map.get(key);
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * What the client stores under a cache key.
 * @example
 * ```ts
 * const entry: CacheEntry = { value: 'v', storedAt: Date.now(), expiresAt: Date.now() + 60_000 };
 * await cache.set('key', entry, 60_000);
 * ```
 */
export interface CacheEntry {
  /**
   * The decoded value: a string, `string[]`, JSON object or array, `Uint8Array`, or (for a
   * listing) a plain object of those. Adapters must give back the same types.
   */
  readonly value: unknown;
  /** When it was fetched, in milliseconds since the epoch. */
  readonly storedAt: number;
  /** When it stops being fresh, in milliseconds since the epoch (it may be served stale after). */
  readonly expiresAt: number;
}

/**
 * A cache backend. Keys are strings made by the client; an adapter may hash them. Errors in
 * `get` should be answered as misses (the client also treats a thrown error as a miss).
 *
 * @example
 * ```ts
 * const map = new Map<string, CacheEntry>();
 * const mapCache: CacheAdapter = {
 *   name: 'map',
 *   get: (key) => map.get(key),
 *   set: (key, entry) => void map.set(key, entry),
 *   delete: (key) => void map.delete(key),
 *   clear: () => map.clear(),
 * };
 * ```
 */
export interface CacheAdapter {
  /** A short name for stats and logs, such as `memory` or `sqlite`. */
  readonly name: string;
  /** The ttl this cache gives entries unless the client says otherwise, in milliseconds. */
  readonly ttl?: number;
  /** The entry under `key`, or `undefined`. */
  get(key: string): MaybePromise<CacheEntry | undefined>;
  /**
   * The entry under `key` without checking its ttl, synchronously: for in-process caches only.
   * The client uses it on its hot path and checks `expiresAt` itself (which is never later than
   * the drop time), falling back to `get` for anything not fresh.
   */
  peek?(key: string): CacheEntry | undefined;
  /** Stores `entry` under `key`, to be dropped after `ttlMs` milliseconds. */
  set(key: string, entry: CacheEntry, ttlMs: number): MaybePromise<void>;
  /** Removes `key`. */
  delete(key: string): MaybePromise<void>;
  /** Removes every entry of this cache (of its namespace, for shared stores). */
  clear(): MaybePromise<void>;
  /** Closes files and connections. */
  close?(): MaybePromise<void>;
}
