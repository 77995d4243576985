import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, createClient, memoryCache, memoryProvider } from '@coffer/core';
import KeyvRedis from '@keyv/redis';
import { clusterKeyvStore, clusterUrl } from './support/cluster';

const redisUrl = process.env.COFFER_TEST_REDIS_URL;
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `/${prefix}/n${i}`);

interface Kind {
  name: string;
  /** A maker of caches on one shared store, one per simulated process. */
  store(): () => CacheAdapter;
}
const kinds: Kind[] = [
  {
    name: 'the SQLite file',
    store() {
      const path = join(mkdtempSync(join(tmpdir(), 'coffer-flight-')), 'cache.sqlite');
      return () => keyvCache({ path });
    },
  },
];
if (redisUrl) {
  kinds.push({
    name: 'Redis',
    store() {
      const namespace = `flight-${randomBytes(6).toString('hex')}`;
      const encryptionKey = randomBytes(32);
      return () => keyvCache({ store: new KeyvRedis(redisUrl), namespace, encryptionKey, name: 'redis' });
    },
  });
}
if (clusterUrl) {
  kinds.push({
    name: 'a Redis Cluster',
    store() {
      const namespace = `flight-${randomBytes(6).toString('hex')}`;
      const encryptionKey = randomBytes(32);
      return () => keyvCache({ store: clusterKeyvStore(), namespace, encryptionKey, name: 'redis' });
    },
  });
}

describe.each(kinds)('single flight across clients sharing $name', (kind) => {
  it('fetches 100 names cold-read by four clients at once with the calls of one', async () => {
    const prefix = `p${randomBytes(4).toString('hex')}`;
    const list = names(prefix, 100);
    const seed = Object.fromEntries(list.map((name, i) => [name, `v${i}`]));
    const make = kind.store();
    const caches = Array.from({ length: 4 }, () => tieredCache(memoryCache(), make()));
    const clients = caches.map((cache) => createClient({ provider: memoryProvider({ seed, maxBatchSize: 10 }), cache }));

    const answers = await Promise.all(clients.map((client) => Promise.all(list.map((name) => client.get(name)))));

    for (const values of answers) expect(values).toEqual(list.map((_, i) => `v${i}`));
    const calls = clients.reduce((sum, client) => sum + client.stats().apiCalls, 0);
    expect(calls).toBeLessThanOrEqual(12);
    expect(calls).toBeGreaterThanOrEqual(10);
    await Promise.all(caches.map((cache) => cache.close?.()));
  });

  it('adds no lease round trip to a warm read', async () => {
    const make = kind.store();
    let leases = 0;
    const shared = make();
    const counted: CacheAdapter = {
      ...shared,
      takeLeases: (keys, ttl) => {
        leases++;
        return shared.takeLeases!(keys, ttl);
      },
    };
    const cache = tieredCache(memoryCache(), counted);
    const client = createClient({ provider: memoryProvider({ seed: { '/w': 'v' } }), cache });

    await client.get('/w');
    for (let i = 0; i < 100; i++) await client.get('/w');

    expect(leases).toBe(1);
    expect(client.stats()).toMatchObject({ apiCalls: 1, hits: 100 });
    await cache.close?.();
  });

  it('lets a client fetch for itself once the lease holder’s wait bound passes', async () => {
    const make = kind.store();
    const holder = make();
    const cache = tieredCache(memoryCache(), make());
    const client = createClient({ provider: memoryProvider({ seed: { '/held': 'v' } }), cache, lease: { ttl: '10s', wait: '300ms' } });
    // Another process took the lease and never stores the entry.
    const prepared = createClient({ provider: memoryProvider({ seed: { '/held': 'v' } }), cache: holder });
    await prepared.get('/held');
    await prepared.clear();
    const key = (await keysOf(holder, prepared))[0] as string;
    expect(await holder.takeLeases?.([key], 10_000)).toEqual([key]);

    expect(await client.get('/held')).toBe('v');
    expect(client.stats().apiCalls).toBe(1);
    await Promise.all([cache.close?.(), holder.close?.()]);
  });
});

/** The cache keys a client stores under, found by watching a set. */
async function keysOf(cache: CacheAdapter, client: ReturnType<typeof createClient>): Promise<string[]> {
  const keys: string[] = [];
  const writes: unknown[] = [];
  const original = cache.set.bind(cache);
  cache.set = (key, entry, ttl) => {
    keys.push(key);
    const written = original(key, entry, ttl);
    writes.push(written);
    return written;
  };
  await client.get('/held', { forceFetch: true });
  cache.set = original;
  // The client writes behind its answer: let the write land before deleting what it wrote.
  await Promise.all(writes);
  await cache.delete(keys[0] as string);
  return keys;
}
