import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, type CacheEntry, createClient, memoryCache, memoryProvider } from '@coffer/core';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'coffer-tiered-')), 'cache.sqlite');
const entry = (value: unknown, ttl = 60_000): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + ttl });
const name = () => `/tiered/${randomBytes(5).toString('hex')}`;

/** Wraps a cache to count the calls made to it. */
function counted(cache: CacheAdapter) {
  const calls = { get: 0, set: [] as number[], delete: 0, clear: 0 };
  const wrapped: CacheAdapter = {
    name: cache.name,
    ttl: cache.ttl,
    get: (key) => {
      calls.get++;
      return cache.get(key);
    },
    set: (key, value, ttlMs) => {
      calls.set.push(ttlMs);
      return cache.set(key, value, ttlMs);
    },
    delete: (key) => {
      calls.delete++;
      return cache.delete(key);
    },
    clear: () => {
      calls.clear++;
      return cache.clear();
    },
    close: () => cache.close?.(),
  };
  return { cache: wrapped, calls };
}

describe('tieredCache', () => {
  it('answers a warm read from memory without asking the shared cache', async () => {
    const l2 = counted(keyvCache({ path: freshFile() }));
    const tiered = tieredCache(memoryCache(), l2.cache);
    const key = name();
    await tiered.set(key, entry('v'), 60_000);

    const warm = tiered.get(key);

    expect(warm).not.toBeInstanceOf(Promise);
    expect((warm as CacheEntry).value).toBe('v');
    expect(tiered.peek?.(key)?.value).toBe('v');
    expect(l2.calls.get).toBe(0);
    await tiered.close?.();
  });

  it('fills memory from the shared cache for the time the shared cache keeps the entry', async () => {
    const file = freshFile();
    const key = name();
    const writer = keyvCache({ path: file });
    await writer.set(key, entry('from-l2', 60_000), 90_000);
    const l1 = counted(memoryCache());
    const tiered = tieredCache(l1.cache, keyvCache({ path: file }));

    const first = await tiered.get(key);
    const second = tiered.get(key);

    expect(first?.value).toBe('from-l2');
    expect((second as CacheEntry).value).toBe('from-l2');
    expect(l1.calls.set).toHaveLength(1);
    expect(l1.calls.set[0]).toBeGreaterThan(80_000);
    expect(l1.calls.set[0]).toBeLessThanOrEqual(90_000);
    await Promise.all([writer.close?.(), tiered.close?.()]);
  });

  it('keeps memory copies no longer than the memory cache ttl', async () => {
    const l1 = counted(memoryCache({ ttl: '1m' }));
    const tiered = tieredCache(l1.cache, keyvCache({ path: freshFile(), ttl: '1h' }));

    await tiered.set(name(), entry('v'), 3_600_000);

    expect(l1.calls.set).toEqual([60_000]);
    expect(tiered.ttl).toBe(3_600_000);
    await tiered.close?.();
  });

  it('asks the shared cache again for an expired memory copy, and falls back to it', async () => {
    const file = freshFile();
    const key = name();
    const tiered = tieredCache(memoryCache(), keyvCache({ path: file }));
    await tiered.set(key, { value: 'old', storedAt: Date.now() - 10, expiresAt: Date.now() - 1 }, 60_000);
    const other = keyvCache({ path: file });

    const stale = await tiered.get(key);
    await other.set(key, entry('new'), 60_000);
    const refreshed = await tiered.get(key);

    expect(stale?.value).toBe('old');
    expect(refreshed?.value).toBe('new');
    await Promise.all([other.close?.(), tiered.close?.()]);
  });

  it('writes, deletes and clears both levels', async () => {
    const l1 = counted(memoryCache());
    const l2 = counted(keyvCache({ path: freshFile() }));
    const tiered = tieredCache(l1.cache, l2.cache);
    const [a, b] = [name(), name()];

    await tiered.set(a, entry('a'), 60_000);
    await tiered.set(b, entry('b'), 60_000);
    await tiered.delete(a);

    expect(await l1.cache.get(a)).toBeUndefined();
    expect(await l2.cache.get(a)).toBeUndefined();
    expect((await l2.cache.get(b))?.value).toBe('b');
    await tiered.clear();
    expect(await l1.cache.get(b)).toBeUndefined();
    expect(await l2.cache.get(b)).toBeUndefined();
    expect([l1.calls.clear, l2.calls.clear]).toEqual([1, 1]);
    await tiered.close?.();
  });

  it('gives a client frozen values that callers cannot change', async () => {
    const file = freshFile();
    const path = name();
    const seed = { [path]: '{"user":"app","roles":["r"]}' };
    const first = createClient({ provider: memoryProvider({ seed }), cache: keyvCache({ path: file }) });
    await first.get(path);
    await first.close();
    const client = createClient({ provider: memoryProvider({ seed }), cache: tieredCache(memoryCache(), keyvCache({ path: file })) });

    const value = (await client.get(path)) as { user: string; roles: string[] };

    expect(() => {
      value.user = 'changed';
    }).toThrow(TypeError);
    expect(() => value.roles.push('x')).toThrow(TypeError);
    expect(await client.get(path)).toEqual({ user: 'app', roles: ['r'] });
    expect(client.stats()).toMatchObject({ apiCalls: 0, hits: 2 });
    await client.close();
  });
});
