import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { cacheFromSpec } from '@coffer/cache-keyv';
import type { CacheAdapter, CacheEntry } from '@coffer/core';
import { clusterSkip, clusterUrl, seedsOf } from './support/cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clusterPorts = new Set(seedsOf(clusterUrl ?? 'redis+cluster://').map((seed) => seed.socket.port));
/** This process's open connections to the cluster's nodes (other tests' included). */
const toCluster = (): Socket[] =>
  (process as unknown as { _getActiveHandles(): unknown[] })
    ._getActiveHandles()
    .filter((handle): handle is Socket => handle instanceof Socket && !handle.destroyed && clusterPorts.has(handle.remotePort ?? 0));
const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 60_000 });

(clusterUrl ? describe : describe.skip)(`closing a cache on a Redis Cluster${clusterUrl ? '' : ` — skipped: ${clusterSkip}`}`, () => {
  it('leaves no connection open, though its invalidation channel was still subscribing', async () => {
    const before = new Set(toCluster());
    const options = { namespace: `close-${randomBytes(4).toString('hex')}`, encryptionKey: randomBytes(32).toString('base64') };

    // Closed right after a first write: the channel's subscriber is then still finding the cluster.
    for (let i = 0; i < 3; i++) {
      const cache = cacheFromSpec(clusterUrl as string, options) as CacheAdapter;
      await cache.set(`k${i}`, entry('v'), 60_000);
      await cache.close?.();
    }
    const opened = () => toCluster().filter((socket) => !before.has(socket)).length;
    let left = opened();
    for (const deadline = Date.now() + 5000; left > 0 && Date.now() < deadline; await sleep(50)) left = opened();

    // A connection left open reconnects for ever once the node goes, and holds the process open.
    expect(left).toBe(0);
  });
});
