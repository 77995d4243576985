import { type CacheAdapter, createClient, memoryCache, memoryProvider, SecretNotFoundError } from '@coffer/core';
import { accessDenied, flakyProvider, manualClock, networkDown } from './helpers';

const names = (count: number) => Array.from({ length: count }, (_, i) => `/app/key-${i}`);
const seedOf = (list: string[]) => Object.fromEntries(list.map((name) => [name, `value of ${name}`]));

describe('the caching client', () => {
  afterEach(() => jest.restoreAllMocks());

  it('makes one backend call for 1,000 concurrent reads of one key', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/hot': 'v' } }) });
    const values = await Promise.all(Array.from({ length: 1000 }, () => client.get('/hot')));
    expect(values.every((value) => value === 'v')).toBe(true);
    expect(client.stats().apiCalls).toBe(1);
  });

  it('makes exactly 10 batched calls for 1,000 concurrent reads of 100 keys', async () => {
    const keys = names(100);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(keys), maxBatchSize: 10 }) });
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => client.get(keys[i % 100] as string)));
    expect(values.every((value, i) => value === `value of ${keys[i % 100]}`)).toBe(true);
    expect(client.stats().apiCalls).toBe(10);
  });

  it('answers later reads of the same keys from the cache', async () => {
    const keys = names(20);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(keys) }) });
    await Promise.all(keys.map((key) => client.get(key)));
    await Promise.all(keys.map((key) => client.get(key)));
    expect(client.stats()).toMatchObject({ apiCalls: 2, misses: 20, hits: 20 });
  });

  it('serves the expired value when the refresh fails for a transient reason, and counts it', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({ '/db': '{"pw":"old"}' });
    const client = createClient({ provider, cache: memoryCache({ ttl: '1m' }) });
    expect(await client.get('/db', { keypath: ['pw'] })).toBe('old');
    clock.advance(2 * 60_000);
    failWith(networkDown());
    expect(await client.get('/db', { keypath: ['pw'] })).toBe('old');
    expect(client.stats()).toMatchObject({ stale: 1, misses: 2 });
  });

  it('stops serving stale values past the staleIfError bound', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({ '/db': 'old' });
    const client = createClient({ provider, cache: memoryCache({ ttl: '1m' }), staleIfError: '5m' });
    await client.get('/db');
    clock.advance(7 * 60_000);
    failWith(networkDown());
    await expect(client.get('/db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
  });

  it('never serves a stale value when the secret is gone', async () => {
    const clock = manualClock();
    const { provider, inner } = flakyProvider({ '/db': 'old' });
    const client = createClient({ provider, cache: memoryCache({ ttl: '1m' }) });
    await client.get('/db');
    clock.advance(2 * 60_000);
    inner.remove('/db');
    await expect(client.get('/db')).rejects.toBeInstanceOf(SecretNotFoundError);
    expect(client.stats().stale).toBe(0);
  });

  it('never hides access denied behind a stale value', async () => {
    const clock = manualClock();
    const { provider, failWith } = flakyProvider({ '/db': 'old' });
    const client = createClient({ provider, cache: memoryCache({ ttl: '1m' }) });
    await client.get('/db');
    clock.advance(2 * 60_000);
    failWith(accessDenied());
    await expect(client.get('/db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
  });

  it('keeps decrypt: true and decrypt: false in separate entries', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/pw': 'plain' }, secure: ['/pw'] }) });
    const cipher = await client.get('/pw', { decrypt: false });
    const plain = await client.get('/pw', { decrypt: true });
    const again = await client.get('/pw');
    expect(cipher).toMatch(/^encrypted:/);
    expect(plain).toBe('plain');
    expect(again).toBe('plain');
    expect(await client.get('/pw', { decrypt: false })).toBe(cipher);
  });

  it('keeps each decode mode in its own entry', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/j': '{"a":1}' } }) });
    expect(await client.get('/j', { decode: 'raw' })).toBe('{"a":1}');
    expect(await client.get('/j')).toEqual({ a: 1 });
  });

  it('does not let a caller change what the cache holds', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/j': '{"a":{"b":[1,2]}}' } }) });
    const first = await client.get<{ a: { b: number[] } }>('/j');
    expect(() => first.a.b.push(3)).toThrow(TypeError);
    expect(() => Object.assign(first, { a: null })).toThrow(TypeError);
    expect(await client.get('/j')).toEqual({ a: { b: [1, 2] } });
  });

  it('fetches again with forceFetch and caches the new value', async () => {
    const { provider, inner } = flakyProvider({ '/v': 'one' });
    const client = createClient({ provider });
    await client.get('/v');
    inner.set('/v', 'two');
    expect(await client.get('/v')).toBe('one');
    expect(await client.get('/v', { forceFetch: true })).toBe('two');
    expect(await client.get('/v')).toBe('two');
  });

  it('treats an entry older than maxAge as expired', async () => {
    const clock = manualClock();
    const { provider, inner } = flakyProvider({ '/v': 'one' });
    const client = createClient({ provider });
    await client.get('/v');
    inner.set('/v', 'two');
    clock.advance(10_000);
    expect(await client.get('/v', { maxAge: '1h' })).toBe('one');
    expect(await client.get('/v', { maxAge: '5s' })).toBe('two');
  });

  it('refreshes ahead in the background so a hot value never expires in front of a caller', async () => {
    const clock = manualClock();
    const { provider, inner } = flakyProvider({ '/v': 'one' });
    const client = createClient({ provider, cache: memoryCache({ ttl: '10m' }), refreshAhead: 0.5 });
    await client.get('/v');
    inner.set('/v', 'two');
    clock.advance(6 * 60_000);
    expect(await client.get('/v')).toBe('one');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.stats().refreshes).toBe(1);
    expect(await client.get('/v')).toBe('two');
    expect(client.stats()).toMatchObject({ misses: 1, apiCalls: 2 });
  });

  it('works without a cache, still sharing concurrent calls', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/v': 'x' } }), cache: false });
    await Promise.all([client.get('/v'), client.get('/v')]);
    await client.get('/v');
    expect(client.stats()).toMatchObject({ apiCalls: 2, hits: 0, cache: 'none' });
  });

  it('reads through a cache that fails as if it were empty, with one warning', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const broken = {
      name: 'broken',
      get: async () => Promise.reject(new Error('disk on fire')),
      set: async () => Promise.reject(new Error('disk on fire')),
      delete: async () => undefined,
      clear: async () => undefined,
    };
    const client = createClient({ provider: memoryProvider({ seed: { '/v': 'x' } }), cache: broken });
    expect(await client.get('/v')).toBe('x');
    expect(await client.get('/v')).toBe('x');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('batching behind an asynchronous cache', () => {
  /** A memory cache whose lookups answer after a varying number of event-loop turns, as a disk cache does. */
  function slowCache(): CacheAdapter {
    const inner = memoryCache();
    let turn = 0;
    const turns = () =>
      new Promise<void>((resolve) => {
        let left = turn++ % 7;
        const step = () => (left-- > 0 ? setImmediate(step) : resolve());
        step();
      });
    return {
      name: 'slow',
      get: (key) => turns().then(() => inner.get(key)),
      set: (key, entry, ttl) => turns().then(() => inner.set(key, entry, ttl)),
      delete: (key) => turns().then(() => inner.delete(key)),
      clear: () => turns().then(() => inner.clear()),
    };
  }

  it('still sends reads issued together in full batches', async () => {
    const keys = names(100);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(keys), maxBatchSize: 10 }), cache: slowCache() });
    const values = await Promise.all(keys.map((key) => client.get(key)));
    expect(values).toEqual(keys.map((key) => `value of ${key}`));
    expect(client.stats().apiCalls).toBe(10);
  });

  it('still fills the batches when the lookups answer one at a time, as on a loaded machine', async () => {
    // 100 lookups served one after another, 3 ms each: 300 ms in all, far beyond one lookup's wait.
    const inner = memoryCache();
    let queue = Promise.resolve();
    const serial = <T>(work: () => T | Promise<T>): Promise<T> => {
      const next = queue.then(() => new Promise<void>((resolve) => setTimeout(resolve, 3))).then(work);
      queue = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    };
    const cache: CacheAdapter = {
      name: 'serial',
      get: (key) => serial(() => inner.get(key)),
      set: (key, entry, ttl) => inner.set(key, entry, ttl),
      delete: (key) => inner.delete(key),
      clear: () => inner.clear(),
    };
    const keys = names(100);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(keys), maxBatchSize: 10 }), cache });
    const values = await Promise.all(keys.map((key) => client.get(key)));
    expect(values).toEqual(keys.map((key) => `value of ${key}`));
    expect(client.stats().apiCalls).toBe(10);
  });
});
