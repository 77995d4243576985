import { type CacheAdapter, createClient, memoryCache, memoryProvider } from '@coffer/core';

describe('the cached clock', () => {
  it('does not stand still in a loop that only awaits cached reads', async () => {
    const provider = memoryProvider({ seed: { '/k': 'old' } });
    const client = createClient({ provider, cache: memoryCache({ ttl: 50 }) });
    await client.get('/k');
    provider.set('/k', 'new');

    // No timer can run in this loop: each await resumes on a resolved promise. It is bounded by
    // a read count and by the real clock, far past the 50 ms ttl.
    const start = Date.now();
    let value = await client.get('/k');
    for (let reads = 1; value === 'old' && reads < 5_000_000 && Date.now() - start < 2_000; reads++) value = await client.get('/k');

    expect(value).toBe('new');
  });

  it('does not stand still in a loop over a cache that answers through promises only', async () => {
    const inner = memoryCache({ ttl: 50 });
    const promised: CacheAdapter = {
      name: 'promised',
      ttl: inner.ttl,
      get: async (key) => inner.get(key),
      set: async (key, entry, ttl) => inner.set(key, entry, ttl),
      delete: async (key) => inner.delete(key),
      clear: async () => inner.clear(),
    };
    const provider = memoryProvider({ seed: { '/k': 'old' } });
    const client = createClient({ provider, cache: promised });
    await client.get('/k');
    provider.set('/k', 'new');

    const start = Date.now();
    let value = await client.get('/k');
    for (let reads = 1; value === 'old' && reads < 2_000_000 && Date.now() - start < 2_000; reads++) value = await client.get('/k');

    expect(value).toBe('new');
  });
});
