import { ValidationError } from '@coffer/core';
import type { KeyvStoreAdapter } from 'keyv';

type RedisModule = typeof import('@keyv/redis');

/** Where a cluster is and what every connection to one of its nodes shares. */
export interface ClusterAddress {
  /** The seeds: any of them tells the client the cluster's layout. */
  readonly rootNodes: readonly { socket: { host: string; port: number } }[];
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

/** The connection settings of every node client (timeouts, reconnection). */
export interface NodeSocketSettings {
  connectTimeout: number;
  reconnectStrategy: (retries: number) => number;
}

const CLUSTER_SCHEMES = new Set(['redis+cluster', 'rediss+cluster']);

/** Whether `scheme` names a Redis Cluster (`redis+cluster`, `rediss+cluster`). */
export const isClusterScheme = (scheme: string): boolean => CLUSTER_SCHEMES.has(scheme);

/**
 * Reads `redis+cluster://[user:password@]host:port,host:port` (`rediss+cluster://` for TLS).
 * The messages never repeat the URL: it may carry a password.
 */
export function parseClusterUrl(spec: string): ClusterAddress {
  const match = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#]*)(\/0?)?$/i.exec(spec);
  const invalid = () => new ValidationError('COFFER_CACHE is not a valid redis+cluster://host:port,host:port URL');
  if (!match) throw invalid();
  const [, base = 'redis', userinfo, hosts = ''] = match;
  const seeds = hosts.split(',').filter((host) => host !== '');
  if (seeds.length === 0) throw invalid();
  const rootNodes = seeds.map((seed) => {
    const url = `${base}://${seed}`;
    if (!URL.canParse(url)) throw invalid();
    const { hostname, port } = new URL(url);
    if (!hostname) throw invalid();
    return { socket: { host: hostname.replace(/^\[|\]$/g, ''), port: port ? Number(port) : 6379 } };
  });
  let username: string | undefined;
  let password: string | undefined;
  if (userinfo) {
    const credentials = new URL(`${base}://${userinfo}@host`);
    username = decodeOrThrow(credentials.username, invalid) || undefined;
    password = decodeOrThrow(credentials.password, invalid) || undefined;
  }
  return { rootNodes, username, password, tls: base.toLowerCase() === 'rediss' };
}

/** The cluster behind a `redis://` URL that turned out to point at one of its nodes. */
export function clusterAddressOf(url: string): ClusterAddress {
  const parsed = new URL(url);
  return {
    rootNodes: [{ socket: { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : 6379 } }],
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    tls: parsed.protocol === 'rediss:',
  };
}

function decodeOrThrow(text: string, invalid: () => ValidationError): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid();
  }
}

/**
 * A Keyv store on a Redis Cluster, through `@keyv/redis`'s cluster support (node-redis
 * `createCluster`). Keys spread over the cluster's slots; the client follows `MOVED` by itself,
 * and the cache makes it find a failed master's replica once it took over (`redis-cluster-heal.ts`).
 */
export function clusterStore(
  module: RedisModule,
  address: ClusterAddress,
  socket: NodeSocketSettings,
  timeoutMs: number,
): KeyvStoreAdapter {
  const KeyvRedis = module.default;
  const options = {
    rootNodes: address.rootNodes.map((node) => ({ socket: { ...node.socket } })),
    defaults: {
      username: address.username,
      password: address.password,
      // A command for a node that is down fails at once: the cache turns it into a miss.
      disableOfflineQueue: true,
      socket: { ...socket, ...(address.tls ? { tls: true as const } : {}) },
    },
  };
  const store = new KeyvRedis(options as ConstructorParameters<typeof KeyvRedis>[0], {
    throwOnConnectError: true,
    throwOnErrors: true,
    connectionTimeout: timeoutMs,
  });
  return store as unknown as KeyvStoreAdapter;
}

/**
 * A Redis store for a `redis://` URL: one server, or, when that server says `cluster_enabled:1`,
 * the whole cluster it belongs to (found from it). The check costs one `INFO` on the connection
 * the cache opens anyway.
 */
export async function detectingStore(
  module: RedisModule,
  url: string,
  socket: NodeSocketSettings,
  timeoutMs: number,
): Promise<KeyvStoreAdapter> {
  const KeyvRedis = module.default;
  const single = new KeyvRedis(
    { url, disableOfflineQueue: true, socket },
    { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: timeoutMs },
  );
  const client = (await single.getClient()) as unknown as { info(section: string): Promise<string> };
  // A server that refuses INFO is taken for a single server, as before clusters were known.
  const info = await client.info('cluster').catch(() => '');
  if (!/^cluster_enabled:1\b/m.test(info)) return single as unknown as KeyvStoreAdapter;
  await single.disconnect(true);
  return clusterStore(module, clusterAddressOf(url), socket, timeoutMs);
}
