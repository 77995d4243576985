/** The cache contract: a small async key-value store with per-entry ttl. */
import type { SecretMetadata } from './provider.js';

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
  /** What the backend said about the value (version, date, its own fields); adapters keep it. */
  readonly metadata?: SecretMetadata;
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
   * The entry under `key`, synchronously: for in-process caches only. It counts as a use (an
   * LRU keeps it). The client uses it on its hot path and checks `expiresAt` itself, falling
   * back to `get` for anything not fresh.
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
  /**
   * Shared stores only: takes a short lease on each of `keys` that no other process holds, in
   * one atomic step, and returns the keys taken. A lease lapses by itself after `ttlMs`, so one
   * held by a process that died never blocks the others for longer. The client takes leases on
   * its misses so that one process of a fleet fetches and the others wait for the entry.
   */
  takeLeases?(keys: readonly string[], ttlMs: number): Promise<readonly string[]>;
  /** Shared stores only: gives back leases this process took. */
  releaseLeases?(keys: readonly string[]): Promise<void>;
  /**
   * Shared stores only: extends the leases this process still holds on `keys` to `ttlMs` from
   * now, and returns the keys renewed (not one that lapsed and another process took). The client
   * renews the leases of its loads still under way, so a backend slower than the lease does not
   * make a second process fetch too.
   */
  renewLeases?(keys: readonly string[], ttlMs: number): Promise<readonly string[]>;
  /**
   * Shared stores only: tells every other process sharing the store that the entries of `keys`
   * changed (`undefined`: all of this namespace), so that they drop their in-memory copies.
   */
  publishInvalidation?(keys: readonly string[] | undefined): Promise<void>;
  /**
   * Shared stores only: calls `listener` when another process publishes an invalidation, and
   * when the channel is lost or back. Returns a function that stops listening.
   */
  subscribeInvalidations?(listener: InvalidationListener): () => void;
}

/**
 * What a shared store tells its subscribers (see {@link CacheAdapter.subscribeInvalidations}).
 *
 * @example
 * ```ts
 * const stop = shared.subscribeInvalidations?.({
 *   invalidated: (matches) => (matches ? dropWhere(matches) : dropAll()),
 *   connected: (up) => console.log(up ? 'in sync' : 'invalidations may be missed'),
 * });
 * ```
 */
export interface InvalidationListener {
  /**
   * Another process changed entries: `matches(key)` says whether `key` is one of them (stores
   * send hashed keys, never names); `undefined` means every entry of the namespace.
   */
  invalidated(matches: ((key: string) => boolean) | undefined): void;
  /** The channel was lost (`false`) or is back (`true`); messages may be missed while it is lost. */
  connected(up: boolean): void;
}
