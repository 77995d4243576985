import { createClient, memoryCache, memoryProvider } from '@coffer/core';
import { manualClock } from './helpers';

const names = (count: number) => Array.from({ length: count }, (_, i) => `/seq/p${i}`);
const seedOf = (list: string[]) => Object.fromEntries(list.map((name, i) => [name, `v${i}`]));

describe('piggybacking on batches', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads 100 names one at a time after their ttl with about one call per batch of 10', async () => {
    const clock = manualClock();
    const list = names(100);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(list), maxBatchSize: 10 }), cache: memoryCache({ ttl: '1m' }) });
    await client.getMany(list);
    for (const name of list) await client.get(name);
    expect(client.stats().apiCalls).toBe(10);

    clock.advance(2 * 60_000);
    for (const [i, name] of list.entries()) expect(await client.get(name)).toBe(`v${i}`);

    expect(client.stats().apiCalls).toBeLessThanOrEqual(10 + 12);
  });

  it('refreshes names that are about to expire along with a miss, not names nobody read since', async () => {
    const clock = manualClock();
    const list = names(12);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(list), maxBatchSize: 10 }), cache: memoryCache({ ttl: '10m' }) });
    await client.getMany(list.slice(0, 10));
    for (const name of list.slice(0, 5)) await client.get(name);
    clock.advance(9.5 * 60_000);

    await client.get(list[10] as string);
    const calls = client.stats().apiCalls;
    for (const name of list.slice(0, 5)) await client.get(name);
    expect(client.stats().apiCalls).toBe(calls);
    clock.advance(60_000);
    // The five nobody read since they were cached expired: each is a miss (batched in one call).
    await Promise.all(list.slice(5, 10).map((name) => client.get(name)));
    expect(client.stats().apiCalls).toBe(calls + 1);
  });

  it('keeps a rider’s freshly fetched value when it differs from the old one', async () => {
    const clock = manualClock();
    const provider = memoryProvider({ seed: { '/a': 'old-a', '/b': 'old-b' } });
    const client = createClient({ provider, cache: memoryCache({ ttl: '1m' }) });
    await client.getMany(['/a', '/b']);
    await client.get('/b');
    provider.set('/b', 'new-b');
    clock.advance(2 * 60_000);

    await client.get('/a');
    const calls = client.stats().apiCalls;

    expect(await client.get('/b')).toBe('new-b');
    expect(client.stats().apiCalls).toBe(calls);
  });
});
