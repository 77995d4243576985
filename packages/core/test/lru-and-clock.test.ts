import { createClient, memoryCache, memoryProvider } from '@coffer/core';

describe('the memory cache through a client', () => {
  // Issue 17, defect 4: the hot path's peek did not count as a use, so a key read 1,000 times
  // was evicted as the least recently used.
  it('keeps the key read most recently: a cached read counts as a use', async () => {
    const client = createClient({
      provider: memoryProvider({ seed: { '/k0': '0', '/k1': '1', '/k2': '2' } }),
      cache: memoryCache({ max: 2 }),
    });
    await client.get('/k0');
    await client.get('/k1');
    for (let i = 0; i < 1000; i++) await client.get('/k0');
    await client.get('/k2');
    const before = client.stats().apiCalls;

    expect(await client.get('/k0')).toBe('0');
    expect(client.stats().apiCalls).toBe(before);
  });
});

describe('freshness and the clock', () => {
  const busy = (ms: number) => {
    const start = Date.now();
    while (Date.now() - start < ms) {
      // synchronous work: no timer runs meanwhile
    }
  };

  // Issue 17, defect 7: a coarse clock, shared past the hot path (the full read path, memoryCache,
  // the guarded cache), stood still through synchronous work, and an entry 250 ms past its ttl
  // was served as fresh.
  it('never serves an expired listing as fresh after synchronous work (the full path reads the real time)', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/app/a': 'v' } }), ttl: 50 });
    await client.getByPath('/app');
    for (let i = 0; i < 200; i++) await client.get('/app/a'); // the hot path, warm
    busy(300);
    const before = client.stats().apiCalls;
    await client.getByPath('/app');
    expect(client.stats().apiCalls).toBe(before + 1);
  });

  it('bounds what the hot path may miss after synchronous work: at most 63 cached reads', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'v' } }), ttl: 50 });
    for (let i = 0; i < 200; i++) await client.get('/a');
    busy(300);
    const before = client.stats().apiCalls;
    for (let i = 0; i < 64; i++) await client.get('/a');
    expect(client.stats().apiCalls).toBe(before + 1);
  });
});
