import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { type CacheAdapter, type CacheEntry, createClient, memoryProvider } from '@coffer/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { CacheSuiteOptions } from './options.js';

const entry = (value: unknown, ttl = 60_000): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + ttl });
const key = (label: string) => `coffer-suite\u0000${label}\u0000${randomBytes(6).toString('hex')}`;

/**
 * The cache conformance suite: every `CacheAdapter` runs it, so that values keep their types,
 * entries expire, deletes and clears work, and a client over it serves hits.
 *
 * @example
 * ```ts
 * cacheSuite({ name: 'memory', make: () => memoryCache() });
 * ```
 */
export function cacheSuite(options: CacheSuiteOptions): void {
  const open: CacheAdapter[] = [];
  const make = async () => {
    const cache = await options.make();
    open.push(cache);
    return cache;
  };

  afterEach(async () => {
    await Promise.all(open.splice(0).map(async (cache) => cache.close?.()));
  });

  describe(`${options.name} cache conformance`, () => {
    it('answers undefined for a key never set', async () => {
      const cache = await make();
      expect(await cache.get(key('missing'))).toBeUndefined();
    });

    it('gives back every kind of value with its type', async () => {
      const cache = await make();
      const values: unknown[] = [
        'text',
        '',
        ['a', 'b'],
        { user: 'app', port: 5432, nested: { ok: true, none: null }, list: [1, 'two'] },
        [{ a: 1 }, 2],
        new Uint8Array([0, 1, 254, 255]),
        { '/a/bin': new Uint8Array([9, 8]), '/a/text': 'x' },
      ];
      const keys = values.map((_, i) => key(`type-${i}`));
      for (const [i, value] of values.entries()) await cache.set(keys[i] as string, entry(value), 60_000);
      for (const [i, value] of values.entries()) {
        const got = await cache.get(keys[i] as string);
        expect(got?.value).toEqual(value);
        if (value instanceof Uint8Array) expect(got?.value).toBeInstanceOf(Uint8Array);
      }
      const listing = (await cache.get(keys[6] as string))?.value as Record<string, unknown>;
      expect(listing['/a/bin']).toBeInstanceOf(Uint8Array);
    });

    it('keeps storedAt and expiresAt', async () => {
      const cache = await make();
      const k = key('times');
      const stored: CacheEntry = { value: 'v', storedAt: 1_700_000_000_000, expiresAt: 1_700_000_900_000 };
      await cache.set(k, stored, 60_000);
      expect(await cache.get(k)).toEqual(stored);
    });

    it('replaces a value set twice', async () => {
      const cache = await make();
      const k = key('twice');
      await cache.set(k, entry('one'), 60_000);
      await cache.set(k, entry('two'), 60_000);
      expect((await cache.get(k))?.value).toBe('two');
    });

    it('handles keys with separators, unicode and great length', async () => {
      const cache = await make();
      const keys = [key('a:b/c\u0000d'), key('ключ🔑'), key('x'.repeat(2000))];
      for (const [i, k] of keys.entries()) await cache.set(k, entry(`v${i}`), 60_000);
      for (const [i, k] of keys.entries()) expect((await cache.get(k))?.value).toBe(`v${i}`);
    });

    it('forgets a deleted key and only that one', async () => {
      const cache = await make();
      const [gone, kept] = [key('gone'), key('kept')];
      await cache.set(gone, entry('x'), 60_000);
      await cache.set(kept, entry('y'), 60_000);
      await cache.delete(gone);
      expect(await cache.get(gone)).toBeUndefined();
      expect((await cache.get(kept))?.value).toBe('y');
    });

    it('forgets everything on clear', async () => {
      const cache = await make();
      const keys = [key('c1'), key('c2')];
      for (const k of keys) await cache.set(k, entry('v'), 60_000);
      await cache.clear();
      for (const k of keys) expect(await cache.get(k)).toBeUndefined();
    });

    if (options.expires !== false) {
      it('drops an entry once its ttl has passed', async () => {
        const cache = await make();
        const k = key('short');
        await cache.set(k, entry('v', 10), 40);
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(await cache.get(k)).toBeUndefined();
      });
    }

    it('takes concurrent writes and reads of many keys', async () => {
      const cache = await make();
      const keys = Array.from({ length: 100 }, (_, i) => key(`many-${i}`));
      await Promise.all(keys.map((k, i) => cache.set(k, entry(`v${i}`), 60_000)));
      const got = await Promise.all(keys.map((k) => cache.get(k)));
      expect(got.map((found) => found?.value)).toEqual(keys.map((_, i) => `v${i}`));
    });

    it('serves a client: the second read is a hit with no backend call', async () => {
      const cache = await make();
      const name = `/suite/${randomBytes(4).toString('hex')}`;
      const client = createClient({ provider: memoryProvider({ seed: { [name]: '{"pw":"p"}' } }), cache });
      expect(await client.get(name, { keypath: ['pw'] })).toBe('p');
      expect(await client.get(name, { keypath: ['pw'] })).toBe('p');
      expect(client.stats()).toMatchObject({ hits: 1, misses: 1, apiCalls: 1 });
    });

    it('never shows a value in util.inspect', async () => {
      const cache = await make();
      const secret = `s3cr3t-${randomBytes(6).toString('hex')}`;
      await cache.set(key('inspect'), entry(secret), 60_000);
      expect(inspect(cache, { depth: 10, showHidden: true })).not.toContain(secret);
    });
  });
}
