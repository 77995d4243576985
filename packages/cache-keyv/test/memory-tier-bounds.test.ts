import { tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, type CacheEntry, type InvalidationListener, memoryCache } from '@coffer/core';
import { MAX_TRACKED, MemoryTierSync } from '../src/memory-tier-sync';

const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 60_000 });

/** A memory cache standing for a shared one, with an invalidation channel the test speaks on. */
function sharedStandIn() {
  const listeners = new Set<InvalidationListener>();
  const adapter: CacheAdapter = {
    ...memoryCache({ max: 200_000 }),
    subscribeInvalidations(listener) {
      listeners.add(listener);
      listener.connected(true);
      return () => listeners.delete(listener);
    },
  };
  return {
    adapter,
    invalidate(keys: readonly string[]) {
      const named = new Set(keys);
      for (const listener of listeners) listener.invalidated((key) => named.has(key));
    },
  };
}

describe('the memory tier of a tiered cache, over many names', () => {
  it('tracks a bounded number of keys after 100,000 distinct names, and still drops what another process changed', () => {
    const l1 = memoryCache({ max: 100 });
    const shared = sharedStandIn();
    const sync = new MemoryTierSync(l1, shared.adapter, 1000);
    sync.start();
    for (let i = 0; i < 100_000; i++) l1.set(`k${i}`, sync.copy(`k${i}`, entry(i)), 60_000);
    expect(sync.size).toBeLessThanOrEqual(MAX_TRACKED);

    shared.invalidate(['k99999']);
    expect(l1.get('k99999')).toBeUndefined();
    expect(l1.get('k99998')).toMatchObject({ value: 99998 });
  });

  it('never keeps a memory copy it no longer tracks (an invalidation could not find it)', async () => {
    const shared = sharedStandIn();
    const cache = tieredCache(memoryCache({ max: 2 * MAX_TRACKED }), shared.adapter);
    const count = MAX_TRACKED + 100;
    for (let i = 0; i < count; i++) await cache.set(`k${i}`, entry(i), 60_000);

    // The first hundred copies left memory with their tracking; the shared cache still has them.
    const l2Reads: string[] = [];
    const get = shared.adapter.get;
    shared.adapter.get = (key) => {
      l2Reads.push(key);
      return get(key);
    };
    expect(await cache.get('k0')).toMatchObject({ value: 0 });
    expect(await cache.get(`k${count - 1}`)).toMatchObject({ value: count - 1 });
    expect(l2Reads).toEqual(['k0']);

    shared.invalidate([`k${count - 1}`]);
    await cache.get(`k${count - 1}`);
    expect(l2Reads).toEqual(['k0', `k${count - 1}`]);
  });
});
