import { inspect } from 'node:util';
import { createClient, memoryCache, memoryProvider } from '@coffer/core';
import { INDEX_MAX } from '../src/read/cache-index';
import { HELD } from '../src/read/index';
import { MEMO_MAX } from '../src/read/read-memo';

const COUNT = 100_000;
const CHUNK = 1_000;
const names = Array.from({ length: COUNT }, (_, i) => `/many/n${i}`);

describe('the read path holds a bounded amount per key name', () => {
  it('keeps every per-key structure bounded after reading 100,000 distinct names', async () => {
    const provider = memoryProvider({ seed: Object.fromEntries(names.map((name) => [name, 'v'])), maxBatchSize: 10 });
    const cache = memoryCache({ max: 100 });
    const client = createClient({ provider, cache, refreshAhead: true });
    for (let start = 0; start < COUNT; start += CHUNK) {
      const values = await client.getMany(names.slice(start, start + CHUNK));
      expect(Object.keys(values)).toHaveLength(CHUNK);
    }
    // Updates leave a floor per secret, for read-your-writes.
    for (const name of names.slice(0, 200)) await client.update(name, 'w');

    const held = client[HELD]();
    expect(held).toEqual({
      memo: expect.any(Number),
      index: expect.any(Number),
      floors: 200,
      generations: 0,
      flights: 0,
      riders: expect.any(Number),
    });
    expect(held.memo).toBeLessThanOrEqual(MEMO_MAX);
    expect(held.index).toBeLessThanOrEqual(2 * INDEX_MAX);
    expect(held.riders).toBeLessThanOrEqual(10_000);
    expect(inspect(cache)).toContain('size: 100 ');
  }, 120_000);

  it('still drops an updated secret the index forgot, and reads the update', async () => {
    const provider = memoryProvider({ seed: Object.fromEntries(names.slice(0, INDEX_MAX + 10).map((name) => [name, 'old'])) });
    const client = createClient({ provider, cache: memoryCache({ max: 100 }) });
    const first = names[0] as string;
    expect(await client.get(first)).toBe('old');
    // The first name is read again and again (kept by the LRU), while others push it out of the index.
    for (let start = 1; start <= INDEX_MAX + 9; start += CHUNK) {
      await client.getMany(names.slice(start, Math.min(start + CHUNK, INDEX_MAX + 10)));
      expect(await client.get(first)).toBe('old');
    }
    await client.update(first, 'new');
    expect(await client.get(first)).toBe('new');
  }, 120_000);
});
