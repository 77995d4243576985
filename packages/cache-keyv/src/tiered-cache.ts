import { inspect } from 'node:util';
import type { CacheAdapter, CacheEntry, MaybePromise } from '@coffer/core';
import { remainingLifetime } from './drop-time.js';

/**
 * A fast cache in front of a slower shared one, typically memory in front of SQLite or Redis.
 * Reads try `l1`, then `l2`, copying what `l2` has into `l1` for the time `l2` keeps it (at
 * most `l1`'s own ttl); writes, deletes and clears go to both. Its ttl is `l2`'s.
 *
 * Each process's `l1` can serve a value for up to its ttl after another process changed it in
 * `l2`: give `l1` a short ttl where that matters.
 *
 * @example
 * ```ts
 * const ps = new ParameterStore({ cache: tieredCache(memoryCache({ ttl: '1m' }), keyvCache()) });
 * ```
 */
export function tieredCache(l1: CacheAdapter, l2: CacheAdapter): CacheAdapter {
  const l1Cap = l1.ttl ?? Number.POSITIVE_INFINITY;
  const fill = (key: string, entry: CacheEntry): MaybePromise<CacheEntry> => {
    const left = Math.min(remainingLifetime(entry), l1Cap);
    if (left <= 0) return entry;
    const stored = l1.set(key, entry, left);
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
  const adapter = {
    name: `${l1.name}+${l2.name}`,
    ttl: l2.ttl ?? l1.ttl,
    get(key: string): MaybePromise<CacheEntry | undefined> {
      const found = l1.get(key);
      // A memory hit stays synchronous: a warm read costs what memoryCache costs.
      if (found instanceof Promise) return found.then((entry) => pick(key, entry));
      return pick(key, found);
    },
    // The client's hot path reads fresh entries straight from a synchronous l1.
    ...(l1.peek ? { peek: (key: string) => l1.peek?.(key) } : {}),
    async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
      await Promise.all([l1.set(key, entry, Math.min(ttlMs, l1Cap)), l2.set(key, entry, ttlMs)]);
    },
    async delete(key: string): Promise<void> {
      await Promise.all([l1.delete(key), l2.delete(key)]);
    },
    async clear(): Promise<void> {
      await Promise.all([l1.clear(), l2.clear()]);
    },
    async close(): Promise<void> {
      await Promise.all([l1.close?.(), l2.close?.()]);
    },
    [inspect.custom]: () => `tieredCache { l1: ${inspect(l1)}, l2: ${inspect(l2)} }`,
  };
  return adapter as CacheAdapter;
}
