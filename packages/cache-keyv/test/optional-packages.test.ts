import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache } from '@coffer/cache-keyv';
import { createClient, memoryProvider } from '@coffer/core';

// As if `npm install coffer` had not brought the optional SQLite store.
jest.mock('@keyv/sqlite', () => {
  throw Object.assign(new Error("Cannot find module '@keyv/sqlite'"), { code: 'MODULE_NOT_FOUND' });
});

describe('the SQLite cache without @keyv/sqlite installed', () => {
  it('says the install command once, and reads still work without the cache', async () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const path = join(mkdtempSync(join(tmpdir(), 'coffer-optional-')), 'cache.db');
      const client = createClient({ provider: memoryProvider({ seed: { '/app/host': 'db.internal' } }), cache: keyvCache({ path }) });

      expect(await client.get('/app/host')).toBe('db.internal');
      expect(await client.get('/app/host', { forceFetch: true })).toBe('db.internal');

      const install = spy.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('npm install @keyv/sqlite'));
      expect(install).toHaveLength(1);
      expect(install[0]).toContain("import 'coffer/sqlite'");
      await client.close();
    } finally {
      spy.mockRestore();
    }
  });
});
