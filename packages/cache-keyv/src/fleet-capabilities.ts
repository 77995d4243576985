import type { CacheAdapter, InvalidationListener } from '@coffer/core';
import type { FleetStore } from './fleet-store.js';

/** What the capabilities need of the cache: its fleet store once open, and the id of a key. */
export interface FleetAccess {
  /** The open store's fleet support, or `undefined` while the store is unusable. */
  fleet(): Promise<{ store: FleetStore; idOf(key: string): string } | undefined>;
  /** Reports a failure of the store (one warning, as every other failure). */
  fail(error: unknown): void;
  /** Emits the cache's one warning, unless it already did. */
  warn(message: string): void;
}

type FleetMembers = Required<
  Pick<CacheAdapter, 'takeLeases' | 'releaseLeases' | 'renewLeases' | 'publishInvalidation' | 'subscribeInvalidations'>
>;

/**
 * The fleet members of a shared cache adapter, on its store's leases and channel. They work on
 * the hashed ids the store keeps entries under, so no name ever reaches Redis or the file. A
 * store that fails answers as if there were no fleet: every lease is granted, so each process
 * fetches for itself and no read is lost or kept waiting.
 */
export function fleetCapabilities(access: FleetAccess): { members: FleetMembers; listenIfAsked(): void; closeFleet(): Promise<void> } {
  const listeners = new Set<InvalidationListener>();
  let listening: FleetStore | undefined;

  let starting = false;

  const startListening = async () => {
    if (starting || listening !== undefined || listeners.size === 0) return;
    starting = true;
    try {
      const fleet = await access.fleet();
      if (!fleet || listeners.size === 0) return;
      listening = fleet.store;
      fleet.store.listen({
        message(ids) {
          const matches = ids === undefined ? undefined : (key: string) => ids.has(fleet.idOf(key));
          for (const listener of listeners) listener.invalidated(matches);
        },
        status(up) {
          if (!up) access.warn('lost its invalidation channel; memory copies are kept a few seconds until it is back');
          for (const listener of listeners) listener.connected(up);
        },
      });
    } finally {
      starting = false;
    }
  };

  const members: FleetMembers = {
    async takeLeases(keys, ttlMs) {
      // Without a working store there is no one to wait for: every key is this process's to fetch.
      const fleet = await access.fleet();
      if (!fleet) return [...keys];
      const byId = new Map(keys.map((key) => [fleet.idOf(key), key]));
      try {
        const won = await fleet.store.takeLeases([...byId.keys()], ttlMs);
        return won.map((id) => byId.get(id)).filter((key): key is string => key !== undefined);
      } catch (error) {
        access.fail(error);
        return [...keys];
      }
    },
    async renewLeases(keys, ttlMs) {
      // Without a working store no one waits for this process: its leases stand as they are.
      const fleet = await access.fleet();
      if (!fleet) return [...keys];
      const byId = new Map(keys.map((key) => [fleet.idOf(key), key]));
      try {
        const renewed = await fleet.store.renewLeases([...byId.keys()], ttlMs);
        return renewed.map((id) => byId.get(id)).filter((key): key is string => key !== undefined);
      } catch (error) {
        access.fail(error);
        return [...keys];
      }
    },
    async releaseLeases(keys) {
      const fleet = await access.fleet();
      if (!fleet) return;
      try {
        await fleet.store.releaseLeases(keys.map(fleet.idOf));
      } catch (error) {
        access.fail(error);
      }
    },
    async publishInvalidation(keys) {
      const fleet = await access.fleet();
      if (!fleet) return;
      try {
        await fleet.store.publish(keys?.map(fleet.idOf));
      } catch (error) {
        access.fail(error);
      }
    },
    subscribeInvalidations(listener) {
      listeners.add(listener);
      void startListening();
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return {
    members,
    /** Starts the channel once the store is usable, if anyone subscribed and it is not running. */
    listenIfAsked() {
      if (listening === undefined && listeners.size > 0) void startListening();
    },
    async closeFleet() {
      listeners.clear();
      await listening?.close();
      listening = undefined;
    },
  };
}
