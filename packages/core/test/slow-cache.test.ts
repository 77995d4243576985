import { type CacheAdapter, createClient, memoryCache, memoryProvider } from '@coffer/core';
import { turns } from './helpers';

/** A memory cache whose writes land only when the test lets them (a locked SQLite file, say). */
function heldCache() {
  const inner = memoryCache();
  const gates: (() => void)[] = [];
  const adapter: CacheAdapter = {
    name: 'held',
    ttl: inner.ttl,
    get: async (key) => inner.get(key),
    set: (key, entry, ttl) =>
      new Promise<void>((resolve) =>
        gates.push(() => {
          inner.set(key, entry, ttl);
          resolve();
        }),
      ),
    delete: async (key) => inner.delete(key),
    clear: async () => inner.clear(),
  };
  const releaseWrites = () => {
    for (const gate of gates.splice(0)) gate();
  };
  return {
    adapter,
    pendingWrites: () => gates.length,
    releaseWrites,
    /** Lets writes land, those asked for meanwhile too, until `promise` settles. */
    async releaseUntil<T>(promise: Promise<T>): Promise<T> {
      let settled = false;
      const watched = promise.finally(() => {
        settled = true;
      });
      for (let i = 0; i < 20 && !settled; i++) {
        await turns(2);
        releaseWrites();
      }
      return watched;
    },
  };
}

const STILL_WAITING = Symbol('still waiting');
/**
 * The promise's value, or STILL_WAITING when it has not settled within 500 ms: a read waits for
 * its cache write at most `writeWait` (50 ms by default), then answers with the write under way.
 */
const within = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<typeof STILL_WAITING>((resolve) => setTimeout(() => resolve(STILL_WAITING), 500))]);

describe('a slow cache', () => {
  it('holds a read back for its cache write no longer than writeWait', async () => {
    const cache = heldCache();
    const client = createClient({ provider: memoryProvider({ seed: { '/k': 'v' } }), cache: cache.adapter });
    expect(await within(client.get('/k'))).toBe('v');
    expect(await within(client.getByPath('/'))).toEqual({ '/k': 'v' });
    expect(cache.pendingWrites()).toBe(2);
  });

  it('answers reads made while the write is pending from the same load', async () => {
    const cache = heldCache();
    const client = createClient({ provider: memoryProvider({ seed: { '/k': 'v' } }), cache: cache.adapter });
    await within(client.get('/k'));
    expect(await within(client.get('/k'))).toBe('v');
    expect(client.stats().apiCalls).toBe(1);
    cache.releaseWrites();
  });

  it('never lets a pending write of the old value land after an update', async () => {
    const cache = heldCache();
    const provider = memoryProvider({ seed: { '/k': 'old' } });
    const client = createClient({ provider, cache: cache.adapter });
    expect(await within(client.get('/k'))).toBe('old');

    await cache.releaseUntil(client.update('/k', 'new'));

    expect(await client.get('/k')).toBe('new');
    cache.releaseWrites();
    expect(await client.get('/k')).toBe('new');
  });

  it('never lets a pending write of the old value land after refresh() or clear()', async () => {
    for (const invalidate of ['refresh', 'clear'] as const) {
      const cache = heldCache();
      const provider = memoryProvider({ seed: { '/k': 'old' } });
      const client = createClient({ provider, cache: cache.adapter });
      await within(client.get('/k'));
      provider.set('/k', 'new');

      await cache.releaseUntil(client[invalidate]());

      expect(await within(client.get('/k'))).toBe('new');
      cache.releaseWrites();
    }
  });
});
