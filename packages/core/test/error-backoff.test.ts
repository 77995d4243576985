import { createClient, memoryCache, ProviderError } from '@coffer/core';
import { accessDenied, flakyProvider, manualClock, networkDown } from './helpers';

const names = (count: number) => Array.from({ length: count }, (_, i) => `/outage/n${i}`);

describe('back-off after transient errors', () => {
  afterEach(() => jest.restoreAllMocks());

  it('makes one call per back-off window, not one per read, while the backend fails', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({}, { maxBatchSize: 10 });
    const client = createClient({ provider, cache: memoryCache(), errorBackoff: { base: '1s', growth: 2, max: '8s' } });
    failWith(networkDown());
    const list = names(20);

    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (let round = 0; round < 50; round++) {
      outcomes.push(...(await Promise.allSettled(list.map((name) => client.get(name)))));
      clock.advance(200);
    }

    // 50 rounds over 10 s with windows of 1, 2, 4, 8 s: the first round (2 batches), then one
    // batch of each round that reached the backend after a window ended.
    expect(client.stats().apiCalls).toBeLessThanOrEqual(2 + 4 * 2);
    expect(outcomes).toHaveLength(1000);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_ERROR', transient: true } });
    }
  });

  it('serves stale within the window without calling, and calls again after it', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({ '/a': 'old' });
    const client = createClient({ provider, cache: memoryCache({ ttl: '1m' }) });
    await client.get('/a');
    clock.advance(2 * 60_000);
    failWith(networkDown());

    expect(await client.get('/a')).toBe('old');
    expect(await client.get('/a')).toBe('old');
    expect(client.stats()).toMatchObject({ apiCalls: 2, stale: 2 });

    failWith(undefined);
    clock.advance(1000);
    expect(await client.get('/a')).toBe('old');
    expect(client.stats().apiCalls).toBe(3);
  });

  it('fails fast with the same typed error for a key in its window', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({ '/a': 'v' });
    const client = createClient({ provider, cache: memoryCache() });
    failWith(networkDown());

    const first = await client.get('/a').catch((error: unknown) => error);
    const second = await client.get('/a').catch((error: unknown) => error);

    expect(first).toBeInstanceOf(ProviderError);
    expect(second).toBe(first);
    expect(client.stats().apiCalls).toBe(1);
    clock.restore();
  });

  it('resets after a success, so the next failure starts again from the base window', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({ '/a': 'v', '/b': 'w' });
    const client = createClient({ provider, cache: false, errorBackoff: { base: '1s', growth: 10, max: '1h' } });
    failWith(networkDown());
    await expect(client.get('/a')).rejects.toThrow();
    clock.advance(1000);
    await expect(client.get('/a')).rejects.toThrow();
    // Second failure: a 10 s window.
    clock.advance(5000);
    await expect(client.get('/b')).rejects.toThrow();
    expect(client.stats().apiCalls).toBe(2);

    clock.advance(5000);
    failWith(undefined);
    expect(await client.get('/a')).toBe('v');
    failWith(networkDown());
    await expect(client.get('/a')).rejects.toThrow();
    // Back to the 1 s base window.
    clock.advance(1000);
    failWith(undefined);
    expect(await client.get('/a')).toBe('v');
    expect(client.stats().apiCalls).toBe(5);
  });

  it('never backs off after a permanent error such as access denied', async () => {
    const { provider, failWith } = flakyProvider({ '/a': 'v' });
    const client = createClient({ provider, cache: memoryCache() });
    failWith(accessDenied());

    await expect(client.get('/a')).rejects.toMatchObject({ transient: false });
    await expect(client.get('/a')).rejects.toMatchObject({ transient: false });

    expect(client.stats().apiCalls).toBe(2);
  });

  it('calls every time with errorBackoff: false, and checks its options', async () => {
    const { provider, failWith } = flakyProvider({ '/a': 'v' });
    const client = createClient({ provider, cache: memoryCache(), errorBackoff: false });
    failWith(networkDown());
    await expect(client.get('/a')).rejects.toThrow();
    await expect(client.get('/a')).rejects.toThrow();
    expect(client.stats().apiCalls).toBe(2);

    expect(() => createClient({ provider, errorBackoff: { growth: 0.5 } })).toThrow(/growth/);
    expect(() => createClient({ provider, errorBackoff: { base: '1m', max: '1s' } })).toThrow(/max/);
    expect(() => createClient({ provider, lease: 'yes' as never })).toThrow(/lease/);
  });
});

describe('ttl jitter', () => {
  it('spreads the expiry of entries stored together over a tenth of the ttl (at most 30 s), never past it', async () => {
    const list = names(200);
    const { provider } = flakyProvider(Object.fromEntries(list.map((name) => [name, 'v'])), { maxBatchSize: 50 });
    const entries: number[] = [];
    const cache = memoryCache({ ttl: '10m' });
    const spying = {
      ...cache,
      set: (key: string, entry: { storedAt: number; expiresAt: number }, ttl: number) => {
        entries.push(entry.expiresAt - entry.storedAt);
        return cache.set(key, entry as never, ttl);
      },
    };
    const client = createClient({ provider, cache: spying });

    await Promise.all(list.map((name) => client.get(name)));

    expect(entries).toHaveLength(200);
    for (const ttl of entries) expect(ttl).toBeGreaterThanOrEqual(570_000);
    for (const ttl of entries) expect(ttl).toBeLessThanOrEqual(600_000);
    expect(new Set(entries).size).toBeGreaterThan(100);
  });

  it('keeps a read’s own maxAge exact', async () => {
    const { provider } = flakyProvider({ '/a': 'v' });
    let stored = 0;
    const cache = memoryCache();
    const client = createClient({
      provider,
      cache: {
        ...cache,
        set: (key, entry, ttl) => {
          stored = entry.expiresAt - entry.storedAt;
          return cache.set(key, entry, ttl);
        },
      },
    });

    await client.get('/a', { maxAge: '30s' });

    expect(stored).toBe(30_000);
  });
});
