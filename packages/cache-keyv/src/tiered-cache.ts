import { inspect } from 'node:util';
import { type CacheAdapter, type CacheEntry, type Duration, type MaybePromise, parseDuration } from '@coffer/core';
import { remainingLifetime } from './drop-time.js';
import { checkTier } from './check-options.js';
import { MemoryTierSync } from './memory-tier-sync.js';

/**
 * Options of {@link tieredCache}.
 *
 * @example
 * ```ts
 * tieredCache(memoryCache(), keyvCache({ store }), { unsyncedTtl: '2s' });
 * ```
 */
export interface TieredCacheOptions {
  /**
   * How long a memory copy stays fresh while the shared cache's invalidation channel is down
   * (or not yet up), when another process's change might go unnoticed.
   * @default '5s'
   */
  unsyncedTtl?: Duration;
}

/**
 * A fast cache in front of a slower shared one, typically memory in front of SQLite or Redis.
 * Reads try `l1`, then `l2`, copying what `l2` has into `l1` for the time `l2` keeps it (at
 * most `l1`'s own ttl); writes, deletes and clears go to both. Its ttl is `l2`'s.
 *
 * When `l2` is shared by a fleet (the SQLite file or Redis), the memory copies follow the other
 * processes: an invalidation one of them publishes (after `update`, `refresh` or `clear`)
 * removes the copies here, and while the invalidation channel is down the copies stay fresh for
 * `unsyncedTtl` only. The leases of `l2` are the tiered cache's. Over a store without a channel,
 * each process's `l1` can serve a value for up to its ttl after another process changed it.
 *
 * @example
 * ```ts
 * const ps = new ParameterStore({ cache: tieredCache(memoryCache({ ttl: '1m' }), keyvCache()) });
 * ```
 */
export function tieredCache(l1: CacheAdapter, l2: CacheAdapter, options: TieredCacheOptions = {}): CacheAdapter {
  checkTier(l1, 'l1');
  checkTier(l2, 'l2');
  const l1Cap = l1.ttl ?? Number.POSITIVE_INFINITY;
  const unsyncedTtl = options.unsyncedTtl === undefined ? 5000 : parseDuration(options.unsyncedTtl, 'tieredCache unsyncedTtl');
  const sync = new MemoryTierSync(l1, l2, unsyncedTtl);
  const keep = (key: string, entry: CacheEntry, ttlMs: number): MaybePromise<void> => l1.set(key, sync.copy(key, entry), ttlMs);
  const fill = (key: string, entry: CacheEntry): MaybePromise<CacheEntry> => {
    const left = Math.min(remainingLifetime(entry), l1Cap);
    if (left <= 0) return entry;
    const stored = keep(key, entry, left);
    return stored instanceof Promise ? stored.then(() => entry) : entry;
  };
  const fromL2 = (key: string, held: CacheEntry | undefined): MaybePromise<CacheEntry | undefined> => {
    const found = l2.get(key);
    const after = (entry: CacheEntry | undefined) => (entry === undefined ? held : fill(key, entry));
    return found instanceof Promise ? found.then(after) : after(found);
  };
  // An expired copy in l1 is asked of l2 first: another process may have refreshed it there.
  const pick = (key: string, held: CacheEntry | undefined) =>
    held !== undefined && held.expiresAt > Date.now() ? held : fromL2(key, held);
  const adapter: CacheAdapter = {
    name: `${l1.name}+${l2.name}`,
    ttl: l2.ttl ?? l1.ttl,
    get(key: string): MaybePromise<CacheEntry | undefined> {
      sync.start();
      const found = l1.get(key);
      // A memory hit stays synchronous: a warm read costs what memoryCache costs.
      if (found instanceof Promise) return found.then((entry) => pick(key, entry));
      return pick(key, found);
    },
    // The client's hot path reads fresh entries straight from a synchronous l1.
    ...(l1.peek ? { peek: (key: string) => l1.peek?.(key) } : {}),
    async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
      sync.start();
      await Promise.all([keep(key, entry, Math.min(ttlMs, l1Cap)), l2.set(key, entry, ttlMs)]);
    },
    async delete(key: string): Promise<void> {
      await Promise.all([l1.delete(key), l2.delete(key)]);
    },
    async clear(): Promise<void> {
      await Promise.all([l1.clear(), l2.clear()]);
    },
    async close(): Promise<void> {
      sync.stop();
      await Promise.all([l1.close?.(), l2.close?.()]);
    },
    ...sharedMembers(l2),
  };
  Object.defineProperty(adapter, inspect.custom, { value: () => `tieredCache { l1: ${inspect(l1)}, l2: ${inspect(l2)} }` });
  return adapter;
}

/** The fleet members of `l2`, which the tiered cache offers as its own. */
function sharedMembers(l2: CacheAdapter): Partial<CacheAdapter> {
  const out: Partial<CacheAdapter> = {};
  if (l2.takeLeases) out.takeLeases = l2.takeLeases.bind(l2);
  if (l2.releaseLeases) out.releaseLeases = l2.releaseLeases.bind(l2);
  if (l2.renewLeases) out.renewLeases = l2.renewLeases.bind(l2);
  if (l2.publishInvalidation) out.publishInvalidation = l2.publishInvalidation.bind(l2);
  if (l2.subscribeInvalidations) out.subscribeInvalidations = l2.subscribeInvalidations.bind(l2);
  return out;
}
