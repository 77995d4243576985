import { type FleetEvents, type FleetStore, parseMessage } from './fleet-store.js';
import { classicChannel, isCluster, shardedChannel } from './redis-channel.js';
import { type HealingCluster, healAfterNodeLoss } from './redis-cluster-heal.js';

/** The part of a node-redis client (the official client `@keyv/redis` uses) this file needs. */
export interface RedisLike {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): RedisLike;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy(): void;
}

// SET NX PX on every key in one atomic script: processes starting together do not split a
// batch of misses between them (each either takes the whole group's free keys or none of them).
const TAKE = `local won = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then won[#won + 1] = i end
end
return won`;
// Deletes only the leases this process still holds (one that lapsed may be someone else's now).
const RELEASE = `for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 0`;

// Extends only the leases this process still holds (one that lapsed may be someone else's now).
const RENEW = `local kept = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    kept[#kept + 1] = i
  end
end
return kept`;

/**
 * Leases and invalidations on Redis or a Redis Cluster. Leases are `SET key holder NX PX ttl`, so
 * Redis drops one whose holder died. Invalidations travel by pub/sub on one channel per
 * namespace (`redis-channel.ts`). On a cluster, a namespace's lease keys and its channel share
 * one hash tag, `{namespace}`, so the lease scripts run on one slot; the cached entries
 * themselves spread over every slot, and the client is made to follow a failover
 * (`redis-cluster-heal.ts`).
 */
export function redisFleet(client: RedisLike, namespace: string, origin: string): FleetStore {
  if (isCluster(client)) healAfterNodeLoss(client as unknown as HealingCluster);
  const scope = isCluster(client) ? `{${namespace}}` : namespace;
  const leaseKey = (id: string) => `${scope}:lease:${id}`;
  const name = `${scope}:invalidations`;
  const channel = isCluster(client) ? shardedChannel(client, name) : classicChannel(client, name);
  let listening = false;
  return {
    async takeLeases(ids, ttlMs) {
      if (ids.length === 0) return [];
      const won = (await client.eval(TAKE, {
        keys: ids.map(leaseKey),
        arguments: [origin, String(Math.max(1, Math.ceil(ttlMs)))],
      })) as number[];
      return won.map((index) => ids[index - 1] as string);
    },
    async renewLeases(ids, ttlMs) {
      if (ids.length === 0) return [];
      const kept = (await client.eval(RENEW, {
        keys: ids.map(leaseKey),
        arguments: [origin, String(Math.max(1, Math.ceil(ttlMs)))],
      })) as number[];
      return kept.map((index) => ids[index - 1] as string);
    },
    async releaseLeases(ids) {
      if (ids.length > 0) await client.eval(RELEASE, { keys: ids.map(leaseKey), arguments: [origin] });
    },
    async publish(ids) {
      await channel.publish(JSON.stringify({ o: origin, k: ids ?? null }));
    },
    listen(events: FleetEvents) {
      if (listening) return;
      listening = true;
      let up: boolean | undefined;
      channel.listen(
        (text) => {
          const message = parseMessage(text);
          if (message && message.o !== origin) events.message(message.k ? new Set(message.k) : undefined);
        },
        (next) => {
          if (next === up || !listening) return;
          up = next;
          events.status(next);
        },
      );
    },
    async close() {
      listening = false;
      channel.close();
    },
  };
}
