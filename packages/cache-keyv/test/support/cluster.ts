import KeyvRedis from '@keyv/redis';
import type { KeyvStoreAdapter } from 'keyv';

/** The test cluster of scripts/harness/redis-cluster.ts: `redis+cluster://127.0.0.1:p1,…`. */
export const clusterUrl = process.env.COFFER_TEST_REDIS_CLUSTER_URL;
/** Why the cluster tests skip, when they do. */
export const clusterSkip =
  process.env.COFFER_TEST_REDIS_CLUSTER_SKIP ?? 'COFFER_TEST_REDIS_CLUSTER_URL is not set (scripts/harness/redis-cluster.ts did not run)';

/** `host:port` seeds of a `redis+cluster://` URL. */
export const seedsOf = (url: string) =>
  url
    .replace(/^rediss?\+cluster:\/\//, '')
    .split(',')
    .map((seed) => {
      const [host, port] = seed.split(':');
      return { socket: { host: host as string, port: Number(port) } };
    });

/** A Keyv store on the cluster, as application code makes one with `@keyv/redis`. */
export const clusterKeyvStore = (url = clusterUrl as string): KeyvStoreAdapter =>
  new KeyvRedis({ rootNodes: seedsOf(url) }) as unknown as KeyvStoreAdapter;
