import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { createClient, memoryCache, memoryProvider, type Provider } from '@coffer/core';

// Issue 17: what the backend said about a value (its version, its date, its own fields) is kept
// with it in every cache, and `get(path, { metadata: true })` returns it from there.
describe('metadata kept through the SQLite file', () => {
  for (const tiered of [false, true]) {
    it(`is read back by another client from the file (${tiered ? 'memory + SQLite' : 'SQLite'})`, async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'coffer-meta-')), 'cache.sqlite');
      const backend = memoryProvider({ seed: { '/db': { user: 'app' } } });
      const fields = { ARN: 'arn:aws:ssm:eu-west-1:1:parameter/db', VersionStages: ['AWSCURRENT'] };
      const withFields: Provider = {
        ...backend,
        name: 'memory',
        async getMany(requests, context) {
          const found = await backend.getMany!(requests, context);
          return found.map((raw) => (raw && !(raw instanceof Error) ? { ...raw, metadata: { ...raw.metadata, fields } } : raw));
        },
      };
      const make = () => (tiered ? tieredCache(memoryCache(), keyvCache({ path })) : keyvCache({ path }));
      const first = createClient({ provider: withFields, cache: make() });
      const written = await first.get('/db', { metadata: true });
      await first.close();

      const refuse = async () => Promise.reject(new Error('the backend must not be called'));
      const idle: Provider = { ...backend, get: refuse, getMany: refuse };
      const cache = make();
      const second = createClient({ provider: idle, cache });
      const read = await second.get('/db', { metadata: true, keypath: ['user'] });
      expect(read).toEqual({ value: 'app', version: written.version, updatedAt: written.updatedAt, fields });
      expect(second.stats().apiCalls).toBe(0);
      await second.close();
      await cache.close?.();
    });
  }
});
