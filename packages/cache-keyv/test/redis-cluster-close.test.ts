import { randomBytes } from 'node:crypto';
import { cacheFromSpec } from '@coffer/cache-keyv';
import type { CacheAdapter, CacheEntry } from '@coffer/core';
import { clusterSkip, clusterUrl } from './support/cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 60_000 });

(clusterUrl ? describe : describe.skip)(`closing a cache on a Redis Cluster${clusterUrl ? '' : ` — skipped: ${clusterSkip}`}`, () => {
  it('leaves no connection open, though its invalidation channel was still subscribing', async () => {
    const before = sockets();
    const options = { namespace: `close-${randomBytes(4).toString('hex')}`, encryptionKey: randomBytes(32).toString('base64') };

    // Closed right after a first write: the channel's subscriber is then still finding the cluster.
    for (let i = 0; i < 3; i++) {
      const cache = cacheFromSpec(clusterUrl as string, options) as CacheAdapter;
      await cache.set(`k${i}`, entry('v'), 60_000);
      await cache.close?.();
    }
    let left = sockets() - before;
    for (const deadline = Date.now() + 5000; left > 0 && Date.now() < deadline; await sleep(50)) left = sockets() - before;

    // A connection left open reconnects for ever once the node goes, and holds the process open.
    expect(left).toBe(0);
  });
});
