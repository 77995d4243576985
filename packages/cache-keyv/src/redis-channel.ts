import type { RedisLike } from './redis-fleet.js';

/** One pub/sub channel of a Redis server or cluster, as the fleet uses it. */
export interface RedisChannel {
  publish(message: string): Promise<void>;
  /** Starts delivering messages, and whether they can arrive (`up`) or may be missed. */
  listen(message: (text: string) => void, status: (up: boolean) => void): void;
  close(): void;
}

/** The members of a node-redis cluster client the sharded channel uses, beyond `RedisLike`'s. */
export interface ClusterLike extends RedisLike {
  readonly masters: readonly ClusterNodeLike[];
  readonly replicas: readonly ClusterNodeLike[];
  /** The unsharded subscriber's node (Redis 6 clusters), once it has one. */
  readonly pubSubNode?: { readonly client: { destroy(): void } };
  sPublish(channel: string, message: string): Promise<unknown>;
  sSubscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  duplicate(overrides?: object): ClusterLike;
}

/** A node of a node-redis cluster client, with its connections once it has them. */
interface ClusterNodeLike {
  readonly host: string;
  readonly port: number;
  readonly client?: { destroy(): void };
  readonly pubSub?: { readonly client: { destroy(): void } };
}

/** Whether `client` is a node-redis cluster client rather than one server's. */
export const isCluster = (client: RedisLike): client is ClusterLike => 'masters' in client && 'sPublish' in client;

const FIRST_RETRY_MS = 200;
const LAST_RETRY_MS = 5000;
/** How long one attempt to subscribe may take: a cluster whose slots moved can leave it pending. */
const ATTEMPT_MS = 5000;

/**
 * `PUBLISH` / `SUBSCRIBE` on one server, the subscription on a second connection (a subscribed
 * connection can do nothing else); node-redis reconnects it and subscribes again by itself.
 */
export function classicChannel(client: RedisLike, name: string): RedisChannel {
  let subscriber: RedisLike | undefined;
  return {
    async publish(message) {
      await client.publish(name, message);
    },
    listen(message, status) {
      if (subscriber) return;
      const sub = client.duplicate();
      subscriber = sub;
      let subscribed = false;
      const report = (up: boolean) => subscriber === sub && status(up);
      sub.on('error', () => report(false));
      sub.on('end', () => report(false));
      sub.on('reconnecting', () => report(false));
      // After a reconnection node-redis subscribes again before it answers anything else.
      sub.on('ready', () => subscribed && report(true));
      sub
        .connect()
        .then(() => sub.subscribe(name, message))
        .then(() => {
          subscribed = true;
          report(true);
        })
        // node-redis keeps retrying a connection it lost; one refused for good leaves the memory
        // tier on its short ttl.
        .catch(() => report(false));
    },
    close() {
      const sub = subscriber;
      subscriber = undefined;
      if (sub) destroyQuietly(sub);
    },
  };
}

/** Redis before 7 has no sharded pub/sub: its reply to `SPUBLISH` says so. */
const unknownCommand = (error: unknown) => /unknown command/i.test(String((error as Error)?.message));

/**
 * Sharded pub/sub on a cluster (`SPUBLISH` / `SSUBSCRIBE`): the channel lives on the shard that
 * owns its slot, so an invalidation crosses one shard instead of every node. On a cluster
 * without it (Redis 6), plain `PUBLISH` / `SUBSCRIBE`, which the cluster bus broadcasts.
 *
 * When the subscribed node fails, node-redis does not move the subscription to the replica that
 * takes over, so the subscriber is made anew (from every node the cluster listed) with back-off,
 * and reports the channel down meanwhile.
 */
export function shardedChannel(cluster: ClusterLike, name: string): RedisChannel {
  let sharded = true;
  let subscriber: ClusterLike | undefined;
  /** The current subscriber's connect-and-subscribe attempt, settled or not. */
  let attempt: Promise<unknown> = Promise.resolve();
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  // The nodes the cluster lists now (a failover moves them), else the ones it was made with.
  const seeds = () => {
    const listed = [...cluster.masters, ...cluster.replicas].map((node) => ({ socket: { host: node.host, port: node.port } }));
    return listed.length > 0 ? { rootNodes: listed } : {};
  };

  return {
    async publish(message) {
      if (sharded) {
        try {
          await cluster.sPublish(name, message);
          return;
        } catch (error) {
          if (!unknownCommand(error)) throw error;
          sharded = false;
        }
      }
      await cluster.publish(name, message);
    },
    listen(message, status) {
      if (subscriber || retry || closed) return;
      let delay = FIRST_RETRY_MS;
      let up: boolean | undefined;
      const report = (next: boolean) => {
        if (next !== up) status(next);
        up = next;
      };
      const open = () => {
        retry = undefined;
        if (closed) return;
        // Connected only to the node it needs: a failure elsewhere in the cluster is not its own.
        const sub = cluster.duplicate({ ...seeds(), minimizeConnections: true });
        subscriber = sub;
        // Every attempt ends, subscribed or not: one left pending would keep the channel down for good.
        const deadline = setTimeout(() => lost(), ATTEMPT_MS);
        deadline.unref();
        const lost = () => {
          clearTimeout(deadline);
          if (subscriber !== sub) return;
          subscriber = undefined;
          report(false);
          if (!closed) {
            retry = setTimeout(open, delay);
            retry.unref();
            delay = Math.min(delay * 2, LAST_RETRY_MS);
          }
          retire(sub, attempt);
        };
        sub.on('error', () => undefined);
        sub.on('node-error', lost);
        sub.on('node-reconnecting', lost);
        const subscribe = async () => {
          await sub.connect();
          if (!sharded) return sub.subscribe(name, message);
          try {
            return await sub.sSubscribe(name, message);
          } catch (error) {
            if (!unknownCommand(error)) throw error;
            sharded = false;
            return sub.subscribe(name, message);
          }
        };
        attempt = subscribe();
        attempt.then(() => {
          clearTimeout(deadline);
          if (subscriber !== sub) return;
          delay = FIRST_RETRY_MS;
          report(true);
        }, lost);
      };
      open();
    },
    close() {
      closed = true;
      clearTimeout(retry);
      const sub = subscriber;
      subscriber = undefined;
      if (sub) retire(sub, attempt);
    },
  };
}

/**
 * Closes a cluster client for good, every node connection one by one: node-redis's own
 * `destroy()` stops at the first node connection that is not open, and leaves the rest (the
 * subscribed one among them) connected, then reconnecting for ever once the node goes away,
 * which holds the process open. A client still discovering the cluster opens its node
 * connections after a `destroy()`, so they are closed again once that attempt has settled.
 */
function retire(cluster: ClusterLike, attempt: Promise<unknown>): void {
  destroyCluster(cluster);
  attempt.then(
    () => destroyCluster(cluster),
    () => destroyCluster(cluster),
  );
}

function destroyCluster(cluster: ClusterLike): void {
  for (const node of [...cluster.masters, ...cluster.replicas]) {
    if (node.client) destroyQuietly(node.client);
    if (node.pubSub) destroyQuietly(node.pubSub.client);
  }
  // The unsharded subscriber (Redis 6 clusters).
  const plain = cluster.pubSubNode;
  if (plain) destroyQuietly(plain.client);
  destroyQuietly(cluster);
}

/** Closes a connection that may be closed already. */
function destroyQuietly(client: { destroy(): void }): void {
  try {
    client.destroy();
  } catch {
    // already closed
  }
}
