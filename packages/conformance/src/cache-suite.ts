import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import assert from 'node:assert/strict';
import { type CacheAdapter, type CacheEntry, createClient, memoryProvider } from '@coffer/core';
import { same } from './assertions.js';
import type { CacheSuiteOptions } from './options.js';
import { resolveRunner } from './runner.js';

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
  const { describe, it: declare } = resolveRunner(options.runner);
  // Each test gets new caches and closes them when it ends.
  const it = (title: string, body: (make: () => Promise<CacheAdapter>) => Promise<void>) =>
    declare(title, async () => {
      const open: CacheAdapter[] = [];
      const make = async () => {
        const cache = await options.make();
        open.push(cache);
        return cache;
      };
      try {
        await body(make);
      } finally {
        await Promise.all(open.map(async (cache) => cache.close?.()));
      }
    });

  describe(`${options.name} cache conformance`, () => {
    it('answers undefined for a key never set', async (make) => {
      const cache = await make();
      assert.equal(await cache.get(key('missing')), undefined);
    });

    it('gives back every kind of value with its type', async (make) => {
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
        same(got?.value, value);
        if (value instanceof Uint8Array) assert.ok(got?.value instanceof Uint8Array, 'bytes stay bytes');
      }
      const listing = (await cache.get(keys[6] as string))?.value as Record<string, unknown>;
      assert.ok(listing['/a/bin'] instanceof Uint8Array, 'bytes inside a listing stay bytes');
    });

    it('keeps storedAt and expiresAt', async (make) => {
      const cache = await make();
      const k = key('times');
      const stored: CacheEntry = { value: 'v', storedAt: 1_700_000_000_000, expiresAt: 1_700_000_900_000 };
      await cache.set(k, stored, 60_000);
      assert.deepEqual(await cache.get(k), stored);
    });

    it('replaces a value set twice', async (make) => {
      const cache = await make();
      const k = key('twice');
      await cache.set(k, entry('one'), 60_000);
      await cache.set(k, entry('two'), 60_000);
      assert.equal((await cache.get(k))?.value, 'two');
    });

    it('handles keys with separators, unicode and great length', async (make) => {
      const cache = await make();
      const keys = [key('a:b/c\u0000d'), key('ключ🔑'), key('x'.repeat(2000))];
      for (const [i, k] of keys.entries()) await cache.set(k, entry(`v${i}`), 60_000);
      for (const [i, k] of keys.entries()) assert.equal((await cache.get(k))?.value, `v${i}`);
    });

    it('forgets a deleted key and only that one', async (make) => {
      const cache = await make();
      const [gone, kept] = [key('gone'), key('kept')];
      await cache.set(gone, entry('x'), 60_000);
      await cache.set(kept, entry('y'), 60_000);
      await cache.delete(gone);
      assert.equal(await cache.get(gone), undefined);
      assert.equal((await cache.get(kept))?.value, 'y');
    });

    it('forgets everything on clear', async (make) => {
      const cache = await make();
      const keys = [key('c1'), key('c2')];
      for (const k of keys) await cache.set(k, entry('v'), 60_000);
      await cache.clear();
      for (const k of keys) assert.equal(await cache.get(k), undefined);
    });

    if (options.expires !== false) {
      it('drops an entry once its ttl has passed', async (make) => {
        const cache = await make();
        const k = key('short');
        await cache.set(k, entry('v', 10), 40);
        await new Promise((resolve) => setTimeout(resolve, 120));
        assert.equal(await cache.get(k), undefined);
      });
    }

    it('takes concurrent writes and reads of many keys', async (make) => {
      const cache = await make();
      const keys = Array.from({ length: 100 }, (_, i) => key(`many-${i}`));
      await Promise.all(keys.map((k, i) => cache.set(k, entry(`v${i}`), 60_000)));
      const got = await Promise.all(keys.map((k) => cache.get(k)));
      assert.deepEqual(
        got.map((found) => found?.value),
        keys.map((_, i) => `v${i}`),
      );
    });

    it('serves a client: the second read is a hit with no backend call', async (make) => {
      const cache = await make();
      const name = `/suite/${randomBytes(4).toString('hex')}`;
      const client = createClient({ provider: memoryProvider({ seed: { [name]: '{"pw":"p"}' } }), cache });
      assert.equal(await client.get(name, { keypath: ['pw'] }), 'p');
      assert.equal(await client.get(name, { keypath: ['pw'] }), 'p');
      const { hits, misses, apiCalls } = client.stats();
      assert.deepEqual({ hits, misses, apiCalls }, { hits: 1, misses: 1, apiCalls: 1 });
    });

    it('never shows a value in util.inspect', async (make) => {
      const cache = await make();
      const secret = `s3cr3t-${randomBytes(6).toString('hex')}`;
      await cache.set(key('inspect'), entry(secret), 60_000);
      assert.ok(!inspect(cache, { depth: 10, showHidden: true }).includes(secret));
    });
  });
}
