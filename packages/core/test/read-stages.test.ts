import { memoryCache, ProviderError } from '@coffer/core';
import { Breaker } from '../src/read/breaker';
import { Freshness } from '../src/read/freshness';
import { GuardedCache } from '../src/read/guarded-cache';
import type { Read } from '../src/read/prepared';
import { Store } from '../src/read/store';

const transient = () => new ProviderError('503', { transient: true });
const settings = { window: 20, minCalls: 10, failureRatio: 0.5, probeMs: 1000 };
const backoff = { baseMs: 1000, growth: 2, maxMs: 4000 };

describe('the breaker stage, alone', () => {
  it('opens at half of the last calls failing, judged over its window only', () => {
    const breaker = new Breaker(settings, backoff);
    for (let i = 0; i < 11; i++) breaker.called(undefined, 0);
    for (let i = 0; i < 9; i++) breaker.called(transient(), 0);
    expect(breaker.open).toBe(false); // 9 of 20
    breaker.called(new ProviderError('not found', { transient: false }), 0);
    expect(breaker.open).toBe(false); // still 9 of 20: a not-found is an answer
    breaker.called(transient(), 0);
    expect(breaker.open).toBe(true); // 10 of the last 20
  });

  it('lets one probe through per interval while open, and a success closes it and clears every key', () => {
    const breaker = new Breaker({ ...settings, minCalls: 1, window: 1 }, backoff);
    breaker.keyFailed('a', transient(), 0);
    breaker.called(transient(), 0);
    expect(breaker.admit('b', false, 500)).toBe('refuse');
    expect(breaker.admit('b', false, 1000)).toBe('call');
    expect(breaker.admit('c', false, 1001)).toBe('refuse');
    breaker.called(undefined, 1002);
    expect(breaker.open).toBe(false);
    expect(breaker.failing('a')).toBe(false);
  });

  it('spaces only the refreshes of a key with a stale value, by a growing window', () => {
    const breaker = new Breaker(undefined, backoff);
    breaker.keyFailed('a', transient(), 0);
    expect(breaker.admit('a', true, 999)).toBe('refuse');
    expect(breaker.admit('a', false, 999)).toBe('call'); // nothing cached: always tries
    expect(breaker.admit('a', true, 1000)).toBe('call');
    breaker.keyFailed('a', transient(), 1000);
    expect(breaker.admit('a', true, 2999)).toBe('refuse');
    expect(breaker.admit('a', true, 3000)).toBe('call');
  });
});

describe('the store stage, alone', () => {
  const read = (key: string): Read =>
    ({
      prepared: { operation: 'get', key, request: { path: key, options: {} }, subject: key, maxAgeMs: undefined, metadata: false },
      parsed: { maxAgeMs: undefined },
    }) as unknown as Read;

  it('stores nothing for a load begun before an invalidation of its secret', async () => {
    const adapter = memoryCache();
    const cache = new GuardedCache(adapter);
    const store = new Store(cache, new Freshness({}, adapter), { writeWaitMs: 50, shared: false, namespace: 'n' });
    const ticket = store.begin();
    await store.invalidate('/a', 'delete', []);
    const kept = await store.keep(read('/a'), ticket, { value: 'old', ttlMs: undefined });
    store.end();
    expect(kept.cached).toBe(false);
    expect(adapter.get('/a')).toBeUndefined();
  });

  it('never lets this process use an entry older than its own update (whoever stored it)', async () => {
    const adapter = memoryCache();
    const store = new Store(new GuardedCache(adapter), new Freshness({}, adapter), { writeWaitMs: 50, shared: false, namespace: 'n' });
    const before = { value: 'old', storedAt: Date.now() - 10, expiresAt: Date.now() + 60_000 };
    await store.invalidate('/a', 'delete', []);
    expect(store.usable(before, '/a', false)).toBe(false);
    expect(store.usable(before, '/b', false)).toBe(true);
    expect(store.usable(before, '/', true)).toBe(false); // a listing covering /a
  });

  it('over a shared cache, a load begun before another process marked an update stores nothing', async () => {
    const adapter = { ...memoryCache(), publishInvalidation: async () => undefined };
    const freshness = new Freshness({}, adapter);
    const other = new Store(new GuardedCache(adapter), freshness, { writeWaitMs: 50, shared: true, namespace: 'n' });
    const mine = new Store(new GuardedCache(adapter), freshness, { writeWaitMs: 50, shared: true, namespace: 'n' });
    const ticket = mine.begin();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await other.invalidate('/a', 'delete', ['/a']);
    const kept = await mine.keep(read('/a'), ticket, { value: 'old', ttlMs: undefined });
    mine.end();
    expect(kept.cached).toBe(false);
    expect(adapter.get('/a')).toBeUndefined();
  });
});
