import { type FleetEvents, type FleetStore, parseMessage } from './fleet-store.js';

/** The part of a node-redis client (the official client `@keyv/redis` uses) this file needs. */
export interface RedisLike {
  readonly isReady: boolean;
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

/**
 * Leases and invalidations on Redis. Leases are `SET key holder NX PX ttl`, so Redis drops one
 * whose holder died. Invalidations travel by pub/sub on one channel per namespace, on a second
 * connection (a subscribed connection can do nothing else); node-redis reconnects it and
 * subscribes again by itself.
 */
export function redisFleet(client: RedisLike, namespace: string, origin: string): FleetStore {
  const channel = `${namespace}:invalidations`;
  const leaseKey = (id: string) => `${namespace}:lease:${id}`;
  let subscriber: RedisLike | undefined;
  return {
    async takeLeases(ids, ttlMs) {
      if (ids.length === 0) return [];
      const won = (await client.eval(TAKE, {
        keys: ids.map(leaseKey),
        arguments: [origin, String(Math.max(1, Math.ceil(ttlMs)))],
      })) as number[];
      return won.map((index) => ids[index - 1] as string);
    },
    async releaseLeases(ids) {
      if (ids.length > 0) await client.eval(RELEASE, { keys: ids.map(leaseKey), arguments: [origin] });
    },
    async publish(ids) {
      await client.publish(channel, JSON.stringify({ o: origin, k: ids ?? null }));
    },
    listen(events: FleetEvents) {
      if (subscriber) return;
      const sub = client.duplicate();
      subscriber = sub;
      let up: boolean | undefined;
      const report = (next: boolean) => {
        if (next === up || subscriber !== sub) return;
        up = next;
        events.status(next);
      };
      sub.on('error', () => report(false));
      sub.on('end', () => report(false));
      sub.on('reconnecting', () => report(false));
      // After a reconnection node-redis subscribes again before it answers anything else.
      sub.on('ready', () => {
        if (subscribed) report(true);
      });
      let subscribed = false;
      sub
        .connect()
        .then(() =>
          sub.subscribe(channel, (text) => {
            const message = parseMessage(text);
            if (message && message.o !== origin) events.message(message.k ? new Set(message.k) : undefined);
          }),
        )
        .then(() => {
          subscribed = true;
          report(true);
        })
        // node-redis keeps retrying a connection it lost; one refused for good leaves the memory
        // tier on its short ttl.
        .catch(() => report(false));
    },
    async close() {
      const sub = subscriber;
      subscriber = undefined;
      sub?.destroy();
    },
  };
}
