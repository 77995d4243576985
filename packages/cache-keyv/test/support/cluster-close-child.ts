// Opens caches on a Redis Cluster, writes once and closes each while its invalidation channel is
// still subscribing, then reports how many connections to the cluster it still has. It must then
// exit by itself: a connection left open reconnects for ever and holds the process.
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { cacheFromSpec } from '@coffer/cache-keyv';
import type { CacheAdapter } from '@coffer/core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const url = process.argv[2] as string;
  const ports = new Set(
    url
      .replace(/^redis\+cluster:\/\//, '')
      .split(',')
      .map((seed) => Number(seed.split(':')[1])),
  );
  const open = () =>
    (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter((handle) => handle instanceof Socket && !handle.destroyed && ports.has(handle.remotePort ?? 0)).length;
  const options = { namespace: `close-${randomBytes(4).toString('hex')}`, encryptionKey: randomBytes(32).toString('base64') };
  for (let i = 0; i < 3; i++) {
    const cache = cacheFromSpec(url, options) as CacheAdapter;
    await cache.set(`k${i}`, { value: 'v', storedAt: Date.now(), expiresAt: Date.now() + 60_000 }, 60_000);
    await cache.close?.();
  }
  let left = open();
  for (const deadline = Date.now() + 5000; left > 0 && Date.now() < deadline; await sleep(50)) left = open();
  process.stdout.write(`${JSON.stringify({ left })}\n`);
}

void main();
