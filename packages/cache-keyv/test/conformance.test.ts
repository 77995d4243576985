import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { cacheSuite } from '@coffer/conformance';
import { memoryCache } from '@coffer/core';
import KeyvRedis from '@keyv/redis';
import { clusterKeyvStore, clusterSkip, clusterUrl } from './support/cluster';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'coffer-suite-')), 'cache.sqlite');
const redisUrl = process.env.COFFER_TEST_REDIS_URL;
const redisSkip =
  process.env.COFFER_TEST_REDIS_SKIP ?? 'COFFER_TEST_REDIS_URL is not set (the harness in scripts/harness/redis.ts did not run)';

describe('keyvCache on SQLite', () => {
  cacheSuite({ name: 'keyvCache (SQLite)', make: () => keyvCache({ path: freshFile() }) });
});

describe('tieredCache of memory over SQLite', () => {
  cacheSuite({ name: 'tieredCache (memory + SQLite)', make: () => tieredCache(memoryCache(), keyvCache({ path: freshFile() })) });
});

if (redisUrl) {
  describe('keyvCache on Redis', () => {
    const redisCache = () =>
      keyvCache({
        store: new KeyvRedis(redisUrl),
        namespace: `suite-${randomBytes(6).toString('hex')}`,
        encryptionKey: randomBytes(32),
        name: 'redis',
      });
    cacheSuite({ name: 'keyvCache (Redis)', make: redisCache });
    cacheSuite({ name: 'tieredCache (memory + Redis)', make: () => tieredCache(memoryCache(), redisCache()) });
  });
} else {
  console.warn(`Redis conformance skipped: ${redisSkip}`);
  describe.skip(`keyvCache on Redis — skipped: ${redisSkip}`, () => {
    it('runs the cache conformance suite', () => undefined);
  });
}

(clusterUrl ? describe : describe.skip)(`keyvCache on a Redis Cluster${clusterUrl ? '' : ` — skipped: ${clusterSkip}`}`, () => {
  const clusterCache = () =>
    keyvCache({
      store: clusterKeyvStore(),
      namespace: `suite-${randomBytes(6).toString('hex')}`,
      encryptionKey: randomBytes(32),
      name: 'redis',
    });
  cacheSuite({ name: 'keyvCache (Redis Cluster)', make: clusterCache });
  cacheSuite({ name: 'tieredCache (memory + Redis Cluster)', make: () => tieredCache(memoryCache(), clusterCache()) });
});
