import { cacheEnvironment, cacheFromEnvironment, createClient, memoryProvider } from '@coffer/core';

describe('configuration by environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('gives clients made without a cache the memory cache by default', async () => {
    delete process.env.COFFER_CACHE;
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
    await client.get('/a');
    await client.get('/a');
    expect(client.stats()).toMatchObject({ cache: 'memory', hits: 1 });
  });

  it('turns caching off with COFFER_CACHE=none', async () => {
    process.env.COFFER_CACHE = 'none';
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
    await client.get('/a');
    await client.get('/a');
    expect(client.stats()).toMatchObject({ cache: 'none', hits: 0, apiCalls: 2 });
  });

  it('reads the ttl and size from COFFER_CACHE_TTL and COFFER_CACHE_MAX', () => {
    expect(cacheEnvironment({ COFFER_CACHE_TTL: '30s', COFFER_CACHE_MAX: '50' })).toMatchObject({ spec: 'memory', ttl: 30_000, max: 50 });
    const cache = cacheFromEnvironment('ns', { COFFER_CACHE_TTL: '30s' });
    expect(cache ? cache.ttl : undefined).toBe(30_000);
  });

  it('rejects values it does not understand, naming the variable', () => {
    expect(() => cacheFromEnvironment('ns', { COFFER_CACHE: 'floppy' })).toThrow(/COFFER_CACHE must be/);
    expect(() => cacheEnvironment({ COFFER_CACHE_TTL: 'soon' })).toThrow(/COFFER_CACHE_TTL/);
    expect(() => cacheEnvironment({ COFFER_CACHE_MAX: '-1' })).toThrow(/COFFER_CACHE_MAX/);
  });
});
