import { inspect } from 'node:util';
import { type CacheEntry, memoryCache } from '@coffer/core';

const entry = (value: string): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 60_000 }) as CacheEntry;
const keysIn = (cache: ReturnType<typeof memoryCache>, keys: readonly string[]) => keys.filter((key) => cache.peek?.(key) !== undefined);

describe('memoryCache eviction', () => {
  it('drops the least recently written key once it holds more than max', () => {
    const cache = memoryCache({ max: 3 });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, entry(key), 60_000);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
    expect(inspect(cache)).toContain('size: 3');
  });

  it('counts a read as a use, so the least recently read key goes first', () => {
    const cache = memoryCache({ max: 3 });
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(key), 60_000);
    cache.get('a');
    cache.get('b');
    cache.set('d', entry('d'), 60_000);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'd']);
  });

  it('counts a peek (the hot path of a cached read) as a use', () => {
    const cache = memoryCache({ max: 2 });
    cache.set('a', entry('a'), 60_000);
    cache.set('b', entry('b'), 60_000);
    cache.peek?.('a');
    cache.set('c', entry('c'), 60_000);

    expect(keysIn(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('rewriting a key makes it the newest and never holds it twice', () => {
    const cache = memoryCache({ max: 2 });
    cache.set('a', entry('a1'), 60_000);
    cache.set('b', entry('b'), 60_000);
    cache.set('a', entry('a2'), 60_000);
    cache.set('c', entry('c'), 60_000);

    expect(keysIn(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect((cache.get('a') as CacheEntry).value).toBe('a2');
  });

  it('keeps its order right after deletes and reads of the newest key', () => {
    const cache = memoryCache({ max: 2 });
    cache.set('a', entry('a'), 60_000);
    cache.set('b', entry('b'), 60_000);
    cache.get('b');
    cache.delete('b');
    cache.set('c', entry('c'), 60_000);
    cache.get('a');
    cache.set('d', entry('d'), 60_000);

    expect(keysIn(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'd']);
  });

  it('matches a model LRU through many random writes and reads', () => {
    const cache = memoryCache({ max: 50 });
    const order: string[] = [];
    const use = (key: string) => {
      const at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1);
      order.push(key);
      if (order.length > 50) order.shift();
    };
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % 70;
    };
    for (let i = 0; i < 5000; i++) {
      const key = `k${next()}`;
      if (i % 3 === 0) {
        if (cache.get(key) !== undefined) use(key);
      } else {
        cache.set(key, entry(key), 60_000);
        use(key);
      }
    }
    const all = Array.from({ length: 70 }, (_, k) => `k${k}`);
    expect(keysIn(cache, all).sort()).toEqual([...order].sort());
  });
});
