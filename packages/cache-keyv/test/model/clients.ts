// The clients of a model run as users make them (createClient, keyvCache, tieredCache,
// memoryCache), behind one small handle that a child process can also serve over IPC.
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, type CofferClient, createClient, memoryCache } from '@coffer/core';
import KeyvRedis from '@keyv/redis';
import { CLIENT_OPTIONS, BOUNDS } from './bounds';
import type { ClientKind, Outcome } from './model';
import { modelProvider, type Send } from './model-provider';

/** Where the shared caches of a run live: one SQLite file, or one Redis namespace. */
export type SharedStore = { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string; namespace: string; encryptionKey: string };

/** What the model test does with a client; the same for one in this process or in a child. */
export interface ClientHandle {
  get(name: string): Promise<Outcome>;
  getMany(names: string[]): Promise<Record<string, Outcome>>;
  getByPath(path: string): Promise<Outcome>;
  update(name: string, value: string): Promise<Outcome>;
  refresh(name?: string): Promise<Outcome>;
  clear(): Promise<Outcome>;
  stats(): Promise<{ apiCalls: number }>;
  close(): Promise<void>;
}

/** Clients as the scenario says: each with a cache instance of its own over the shared store. */
export function makeCache(kind: ClientKind, store: SharedStore): CacheAdapter | false {
  if (kind === 'none') return false;
  if (kind === 'memory') return memoryCache();
  const shared =
    store.kind === 'sqlite'
      ? keyvCache({ path: store.path })
      : keyvCache({
          store: new KeyvRedis(store.url),
          namespace: store.namespace,
          encryptionKey: Buffer.from(store.encryptionKey, 'base64'),
          name: 'redis',
        });
  if (kind === 'keyv') return shared;
  return tieredCache(memoryCache(), shared, { unsyncedTtl: BOUNDS.unsyncedTtlMs });
}

/** An error as plain data (a child sends it over IPC). */
export function outcomeOf(error: unknown): Outcome {
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  return { error: { name: name ?? typeof error, code, message: message ?? String(error) } };
}

async function settle(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await work() };
  } catch (error) {
    return outcomeOf(error);
  }
}

/** A client in this process. */
export function localClient(kind: ClientKind, store: SharedStore, send: Send, scope: string, batch: number): ClientHandle {
  const cache = makeCache(kind, store);
  const client: CofferClient = createClient({ provider: modelProvider(send, scope, batch), cache, ...CLIENT_OPTIONS });
  return {
    get: (name) => settle(() => client.get(name)),
    async getMany(names) {
      const outcomes: Record<string, Outcome> = {};
      try {
        const { values, errors } = await client.getMany(names, { throwOnError: false });
        for (const name of names) {
          if (errors && name in errors) outcomes[name] = outcomeOf(errors[name]);
          else outcomes[name] = { value: values[name] };
        }
      } catch (error) {
        for (const name of names) outcomes[name] = outcomeOf(error);
      }
      return outcomes;
    },
    getByPath: (path) => settle(() => client.getByPath(path)),
    update: (name, value) => settle(() => client.update(name, value)),
    refresh: (name) => settle(() => client.refresh(name)),
    clear: () => settle(() => client.clear()),
    stats: async () => client.stats(),
    async close() {
      await client.close();
      if (cache) await cache.close?.();
    },
  };
}
