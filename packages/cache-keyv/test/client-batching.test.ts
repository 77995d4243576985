import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache } from '@coffer/cache-keyv';
import { createClient, memoryProvider } from '@coffer/core';

describe('a client over the SQLite cache', () => {
  it('batches 100 cold reads issued together into 10 calls, then serves them all from the file', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `/batch/key-${i}`);
    const seed = Object.fromEntries(names.map((name) => [name, `value of ${name}`]));
    const cache = keyvCache({ path: join(mkdtempSync(join(tmpdir(), 'coffer-batch-')), 'cache.sqlite') });
    const client = createClient({ provider: memoryProvider({ seed, maxBatchSize: 10 }), cache });

    const cold = await Promise.all(names.map((name) => client.get(name)));
    const warm = await Promise.all(names.map((name) => client.get(name)));

    expect(cold).toEqual(names.map((name) => seed[name]));
    expect(warm).toEqual(cold);
    expect(client.stats()).toMatchObject({ apiCalls: 10, misses: 100, hits: 100 });
    await cache.close?.();
  });
});
