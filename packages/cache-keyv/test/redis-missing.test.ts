import { randomBytes } from 'node:crypto';
import '@coffer/cache-keyv';
import { cacheFromEnvironment, createClient, get, memoryProvider, registerProvider, ValidationError } from '@coffer/core';

declare module '@coffer/core' {
  interface CofferProviders {
    'redis.missing': {};
  }
}

// As if @keyv/redis were not installed.
jest.mock('@keyv/redis', () => {
  throw Object.assign(new Error("Cannot find module '@keyv/redis'"), { code: 'MODULE_NOT_FOUND' });
});

describe('COFFER_CACHE=redis://… without @keyv/redis installed', () => {
  const env = { COFFER_CACHE: 'redis://127.0.0.1:6379', COFFER_CACHE_KEY: randomBytes(32).toString('base64') };
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('throws a ValidationError naming the package, instead of running uncached', async () => {
    expect(() => cacheFromEnvironment('ns', env)).toThrow(ValidationError);
    expect(() => cacheFromEnvironment('ns', env)).toThrow(/npm install @keyv\/redis/);

    Object.assign(process.env, env);
    expect(() => createClient({ provider: memoryProvider() })).toThrow(ValidationError);
    registerProvider('redis.missing', () => memoryProvider({ seed: { '/a': 'x' } }));
    await expect(get('redis.missing', '/a')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
