import { createHash, randomBytes } from 'node:crypto';
import { cacheFromSpec, keyvCache } from '@coffer/cache-keyv';
import { type CacheAdapter, type CacheEntry, createClient, memoryProvider } from '@coffer/core';
import { startRedisCluster, type TestRedisCluster } from '../../../scripts/harness/redis-cluster';
import { clusterKeyvStore, clusterSkip, clusterUrl } from './support/cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function eventually(check: () => unknown, limitMs: number): Promise<boolean> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await sleep(50)) if (await check()) return true;
  return Boolean(await check());
}
const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 600_000 });
// Where the cache keeps a namespace's leases and channel: the hash tag `{coffer-<hash>}`.
const tagOf = (namespace: string) => `{coffer-${createHash('sha256').update(namespace).digest('hex').slice(0, 16)}}`;

(clusterUrl ? describe : describe.skip)(`a Redis Cluster losing a master${clusterUrl ? '' : ` — skipped: ${clusterSkip}`}`, () => {
  let cluster: TestRedisCluster | undefined;
  beforeAll(async () => {
    const started = await startRedisCluster();
    if (typeof started === 'string') throw new Error(started);
    cluster = started;
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('fails no read and serves no wrong value while the replica takes over, then shares again', async () => {
    const running = cluster as TestRedisCluster;
    const namespace = `failover-${randomBytes(4).toString('hex')}`;
    const encryptionKey = randomBytes(32);
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // Two "processes" reading straight from the cluster (no memory tier), so every read crosses it.
    const caches: CacheAdapter[] = [0, 1].map(() =>
      keyvCache({ store: clusterKeyvStore(running.url), namespace, encryptionKey, name: 'redis' }),
    );
    const names = Array.from({ length: 60 }, (_, i) => `/failover/${namespace}/n${i}`);
    const seed = Object.fromEntries(names.map((name) => [name, `value-of-${name}`]));
    const clients = caches.map((cache) => createClient({ provider: memoryProvider({ seed }), cache }));
    const [a, b] = clients as [ReturnType<typeof createClient>, ReturnType<typeof createClient>];
    try {
      await Promise.all(names.map((name) => a.get(name)));
      const victim = (await running.masterOf(`${tagOf(namespace)}:lease:x`)) as number;
      let stop = false;
      let reads = 0;
      let failed = 0;
      let wrong = 0;
      const reader = (async () => {
        while (!stop) {
          const outcomes = await Promise.allSettled(names.map((name) => b.get(name, { maxAge: 200 })));
          outcomes.forEach((outcome, i) => {
            reads++;
            if (outcome.status === 'rejected') failed++;
            else if (outcome.value !== seed[names[i] as string]) wrong++;
          });
          await sleep(20);
        }
      })();

      await sleep(300);
      await running.kill(victim);
      expect(await running.healed(20_000)).toBe(true);
      await sleep(500);
      stop = true;
      await reader;

      expect(reads).toBeGreaterThan(names.length * 5);
      expect({ failed, wrong }).toEqual({ failed: 0, wrong: 0 });
      // Sharing resumes: what one process stores, the other reads without a backend call.
      const fresh = names.map((name) => `${name}-after`);
      const provider = memoryProvider({ seed: Object.fromEntries(fresh.map((name) => [name, 'after'])) });
      const [c, d] = caches.map((cache) => createClient({ provider, cache }));
      const shared = async () => {
        const name = fresh.shift() as string;
        await c?.get(name);
        const before = d?.stats().apiCalls;
        return (await d?.get(name)) === 'after' && d?.stats().apiCalls === before;
      };
      expect(await eventually(shared, 15_000)).toBe(true);
    } finally {
      warn.mockRestore();
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all(caches.map((cache) => cache.close?.()));
    }
  }, 60_000);

  it('delivers invalidations again once the shard holding the channel failed over', async () => {
    const running = cluster as TestRedisCluster;
    expect(await running.healed(20_000)).toBe(true);
    // A namespace whose channel's master can fail over: the first test left one shard without a replica.
    let namespace = `channel-${randomBytes(4).toString('hex')}`;
    for (let tries = 0; tries < 50; tries++) {
      const master = await running.masterOf(`${tagOf(namespace)}:invalidations`);
      if (master !== undefined && (await running.hasLiveReplica(master))) break;
      namespace = `channel-${randomBytes(4).toString('hex')}`;
    }
    const options = { namespace, encryptionKey: randomBytes(32).toString('base64') };
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const [a, b] = [cacheFromSpec(running.url, options), cacheFromSpec(running.url, options)] as [CacheAdapter, CacheAdapter];
    try {
      const key = `ns\u0000get\u0000/channel/${randomBytes(4).toString('hex')}`;
      // b's memory copy keeps its full ttl once its channel is up.
      const synced = async () => {
        await b.set(`${key}-probe`, entry('probe'), 600_000);
        return (b.peek?.(`${key}-probe`)?.expiresAt ?? 0) > Date.now() + 60_000;
      };
      expect(await eventually(synced, 5000)).toBe(true);

      await running.kill((await running.masterOf(`${tagOf(options.namespace)}:invalidations`)) as number);
      expect(await running.healed(20_000)).toBe(true);
      // Bounded by the re-subscription back-off (at most 5 s between tries) on a loaded machine.
      expect(await eventually(synced, 30_000)).toBe(true);
      await b.set(key, entry('old'), 600_000);
      await a.publishInvalidation?.([key]);

      expect(await eventually(() => b.peek?.(key) === undefined, 1000)).toBe(true);
    } finally {
      warn.mockRestore();
      await Promise.all([a.close?.(), b.close?.()]);
    }
  }, 60_000);
});
