import { type CacheAdapter, type CacheEntry, createClient, memoryCache, memoryProvider } from '@coffer/core';
import { manualClock } from './helpers';

/** A memory cache that remembers every key it was given, to show what an update removes. */
function recordingCache(): CacheAdapter & { keys(): string[] } {
  const inner = memoryCache();
  const seen = new Set<string>();
  return {
    name: 'recording',
    ttl: inner.ttl,
    get: (key) => inner.get(key),
    set: (key: string, entry: CacheEntry, ttl: number) => {
      seen.add(key);
      return inner.set(key, entry, ttl);
    },
    delete: (key) => inner.delete(key),
    clear: () => inner.clear(),
    keys: () => [...seen].filter((key) => inner.get(key) !== undefined),
  };
}

describe('writing through the client', () => {
  afterEach(() => jest.restoreAllMocks());

  it('drops every variant of the key and every listing covering it after an update', async () => {
    const provider = memoryProvider({ seed: { '/app/db/pw': 'old', '/app/other': 'x' }, secure: ['/app/db/pw'] });
    const cache = recordingCache();
    const client = createClient({ provider, cache });
    await client.get('/app/db/pw');
    await client.get('/app/db/pw', { decode: 'raw' });
    await client.get('/app/db/pw', { decrypt: false });
    await client.getByPath('/app');
    await client.getByPath('/app/db', { recursive: false });
    await client.getByPath('/');
    await client.get('/app/other');
    expect(cache.keys()).toHaveLength(7);

    await client.update('/app/db/pw', 'new');

    expect(cache.keys()).toHaveLength(1);
    expect(await client.get('/app/db/pw')).toBe('new');
    expect(await client.get('/app/db/pw', { decode: 'raw' })).toBe('new');
    expect((await client.getByPath('/app'))['/app/db/pw']).toBe('new');
  });

  it('removes entries another process stored in a shared cache under the usual variants', async () => {
    const provider = memoryProvider({ seed: { '/s/a': 'old' } });
    const shared = memoryCache();
    const writer = createClient({ provider, cache: shared });
    const reader = createClient({ provider, cache: shared });
    await reader.get('/s/a');
    await reader.getByPath('/s');
    await writer.update('/s/a', 'new');
    expect(await reader.get('/s/a')).toBe('new');
    expect(await reader.getByPath('/s')).toEqual({ '/s/a': 'new' });
  });

  it('does not cache a value fetched before an update that finished first', async () => {
    const inner = memoryProvider({ seed: { '/race': 'old' } });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const provider = {
      ...inner,
      async getMany(requests: Parameters<NonNullable<typeof inner.getMany>>[0], context: Parameters<NonNullable<typeof inner.getMany>>[1]) {
        const result = await inner.getMany!(requests, context);
        await gate;
        return result;
      },
    };
    const client = createClient({ provider });
    const slow = client.get('/race');
    await new Promise((resolve) => setImmediate(resolve));
    await client.update('/race', 'new');
    release();
    expect(await slow).toBe('old');
    expect(await client.get('/race')).toBe('new');
  });

  it('refresh(path) makes the next read fetch, keeping the old value as a fallback', async () => {
    const clock = manualClock();
    const provider = memoryProvider({ seed: { '/r': 'one' } });
    const client = createClient({ provider });
    await client.get('/r');
    provider.set('/r', 'two');
    await client.refresh('/r');
    clock.advance(1);
    expect(await client.get('/r')).toBe('two');
    expect(client.stats()).toMatchObject({ misses: 2, apiCalls: 2 });
  });

  it('clear() drops everything', async () => {
    const provider = memoryProvider({ seed: { '/c': 'one' } });
    const client = createClient({ provider });
    await client.get('/c');
    provider.set('/c', 'two');
    await client.clear();
    expect(await client.get('/c')).toBe('two');
  });

  it('rejects a value of the wrong type before writing', async () => {
    const provider = memoryProvider({ seed: { '/w': 'one' } });
    const client = createClient({ provider });
    await expect(client.update('/w', 42 as unknown as string)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.update('/w', new Date() as unknown as string)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.update('/w', 'x', { create: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(client.stats().apiCalls).toBe(0);
    expect(await client.get('/w')).toBe('one');
  });

  it('writes a string[] as a list', async () => {
    const provider = memoryProvider({ seed: { '/l': 'x' } });
    const client = createClient({ provider });
    await client.update('/l', ['a', 'b']);
    expect(await client.get('/l')).toEqual(['a', 'b']);
  });
});
