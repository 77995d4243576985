import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheFromSpec, keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, type CacheEntry, memoryCache } from '@coffer/core';
import KeyvRedis from '@keyv/redis';
import { clusterKeyvStore, clusterUrl } from './support/cluster';
import { type OwnRedis, ownRedis } from './support/own-redis';

const redisUrl = process.env.COFFER_TEST_REDIS_URL;
const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 600_000 });
const key = () => `ns\u0000get\u0000/fleet/${randomBytes(5).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `limitMs` passes; returns whether it held. */
async function eventually(check: () => unknown, limitMs: number): Promise<boolean> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await sleep(20)) if (await check()) return true;
  return Boolean(await check());
}

interface Kind {
  name: string;
  /** Two adapters on one shared store, as two processes would have. */
  pair(): [CacheAdapter, CacheAdapter];
}

const sqlite: Kind = {
  name: 'the SQLite file',
  pair() {
    const path = join(mkdtempSync(join(tmpdir(), 'coffer-fleet-')), 'cache.sqlite');
    return [keyvCache({ path }), keyvCache({ path })];
  },
};
const redis: Kind = {
  name: 'Redis',
  pair() {
    const namespace = `fleet-${randomBytes(6).toString('hex')}`;
    const encryptionKey = randomBytes(32);
    const make = () => keyvCache({ store: new KeyvRedis(redisUrl), namespace, encryptionKey, name: 'redis' });
    return [make(), make()];
  },
};
const cluster: Kind = {
  name: 'a Redis Cluster',
  pair() {
    const namespace = `fleet-${randomBytes(6).toString('hex')}`;
    const encryptionKey = randomBytes(32);
    const make = () => keyvCache({ store: clusterKeyvStore(), namespace, encryptionKey, name: 'redis' });
    return [make(), make()];
  },
};
const kinds = [sqlite, ...(redisUrl ? [redis] : []), ...(clusterUrl ? [cluster] : [])];

describe.each(kinds)('fleet primitives on $name', (kind) => {
  let open: CacheAdapter[] = [];
  const pair = () => {
    const made = kind.pair();
    open.push(...made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(open.map((cache) => cache.close?.()));
    open = [];
  });

  it('gives each free key to one process only, in one step for a whole batch', async () => {
    const [a, b] = pair();
    const [k1, k2, k3] = [key(), key(), key()];

    const wonByA = await a.takeLeases?.([k1, k2], 10_000);
    const wonByB = await b.takeLeases?.([k1, k2, k3], 10_000);

    expect(wonByA).toEqual([k1, k2]);
    expect(wonByB).toEqual([k3]);
  });

  it('frees a lease when its holder gives it back, and never frees another holder’s lease', async () => {
    const [a, b] = pair();
    const k = key();
    await a.takeLeases?.([k], 10_000);

    await b.releaseLeases?.([k]);
    expect(await b.takeLeases?.([k], 10_000)).toEqual([]);
    await a.releaseLeases?.([k]);
    expect(await b.takeLeases?.([k], 10_000)).toEqual([k]);
  });

  it('lets a lease lapse by itself after its ttl', async () => {
    const [a, b] = pair();
    const k = key();
    await a.takeLeases?.([k], 150);

    expect(await b.takeLeases?.([k], 10_000)).toEqual([]);
    expect(await eventually(async () => ((await b.takeLeases?.([k], 10_000)) ?? []).length === 1, 3000)).toBe(true);
  });

  it('renews only the leases this process still holds', async () => {
    const [a, b] = pair();
    const k = key();
    await a.takeLeases?.([k], 200);

    expect(await b.renewLeases?.([k], 10_000)).toEqual([]);
    expect(await a.renewLeases?.([k], 10_000)).toEqual([k]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await b.takeLeases?.([k], 10_000)).toEqual([]);
  });

  it('removes a memory copy in another process when this one publishes an invalidation', async () => {
    const [sharedA, sharedB] = pair();
    const a = tieredCache(memoryCache(), sharedA);
    const b = tieredCache(memoryCache(), sharedB);
    const [changed, kept] = [key(), key()];
    await a.set(changed, entry('old'), 600_000);
    await a.set(kept, entry('kept'), 600_000);
    expect((await b.get(changed))?.value).toBe('old');
    expect((await b.get(kept))?.value).toBe('kept');
    expect(await eventually(() => synced(b, changed), 3000)).toBe(true);

    await sharedA.delete(changed);
    await a.publishInvalidation?.([changed]);

    expect(await eventually(() => b.peek?.(changed) === undefined, 2000)).toBe(true);
    expect(b.peek?.(kept)?.value).toBe('kept');
    expect(await b.get(changed)).toBeUndefined();
  });

  it('empties every memory copy in other processes on an invalidation of everything', async () => {
    const [sharedA, sharedB] = pair();
    const b = tieredCache(memoryCache(), sharedB);
    const k = key();
    await b.set(k, entry('v'), 600_000);
    expect(await eventually(() => synced(b, k), 3000)).toBe(true);

    await sharedA.publishInvalidation?.(undefined);

    expect(await eventually(() => b.peek?.(k) === undefined, 2000)).toBe(true);
  });

  it('does not drop its own memory copies for its own invalidations', async () => {
    const [shared] = pair();
    const a = tieredCache(memoryCache(), shared);
    const k = key();
    await a.set(k, entry('mine'), 600_000);
    expect(await eventually(() => synced(a, k), 3000)).toBe(true);

    await a.publishInvalidation?.([k]);
    await sleep(600);

    expect(a.peek?.(k)?.value).toBe('mine');
  });
});

/**
 * Whether the tiered cache's channel is up: until it is, memory copies are kept for a few seconds
 * only. Stores a probe entry beside `k` and looks whether its memory copy kept its full expiry.
 */
async function synced(cache: CacheAdapter, k: string): Promise<boolean> {
  const probe = `${k}-probe`;
  await cache.set(probe, entry('probe'), 600_000);
  return (cache.peek?.(probe)?.expiresAt ?? 0) > Date.now() + 60_000;
}

describe('a tiered cache over Redis when Redis goes away and comes back', () => {
  let redisServer: OwnRedis | undefined;
  beforeAll(async () => {
    redisServer = redisUrl ? await ownRedis() : undefined;
  });
  afterAll(() => redisServer?.stop());

  it('keeps memory copies briefly with one warning while Redis is down, and shares again once it is back', async () => {
    if (!redisServer) return console.warn('skipped: no redis-server');
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const options = {
      namespace: `down-${randomBytes(4).toString('hex')}`,
      ttl: 600_000,
      encryptionKey: randomBytes(32).toString('base64'),
    };
    const shared = cacheFromSpec(redisServer.url, options);
    const other = cacheFromSpec(redisServer.url, options);
    const cache = tieredCache(memoryCache(), shared);
    try {
      const [k, later] = [key(), key()];
      await cache.set(k, entry('v'), 600_000);
      expect(await eventually(() => synced(cache, k), 3000)).toBe(true);

      await redisServer.stop();
      expect(await eventually(async () => !(await synced(cache, k)), 5000)).toBe(true);
      await expect(Promise.resolve(cache.get(later))).resolves.toBeUndefined();
      await cache.set(later, entry('while down'), 600_000);
      expect(cache.peek?.(later)?.expiresAt).toBeLessThanOrEqual(Date.now() + 5000);

      await redisServer.start();
      expect(await eventually(() => synced(cache, k), 15_000)).toBe(true);
      const shares = async () => {
        await cache.set(later, entry('after'), 600_000);
        return (await other.get(later))?.value === 'after';
      };
      expect(await eventually(shares, 10_000)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/redis store (failed|lost its invalidation channel)/);
    } finally {
      warn.mockRestore();
      await Promise.all([cache.close?.(), other.close?.()]);
    }
  }, 40_000);
});
