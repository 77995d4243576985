import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { providerSuite } from '@coffer/conformance';
import { configure, createClient, get, getByPath, isCofferError } from 'coffer';
import { dirProvider } from '../custom-provider/dir-provider';

const root = mkdtempSync(join(tmpdir(), 'coffer-dir-'));

/** Puts fixtures straight into the folder, as a secret volume mount would. */
function seed(entries: Array<{ name: string; value: string | string[] | Uint8Array }>) {
  for (const { name, value } of entries) {
    const file = join(root, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, value as string);
  }
}

describe('the custom provider example (secrets mounted as files)', () => {
  providerSuite({
    name: 'dir',
    make: () => dirProvider({ root }),
    seed: async (entries) => seed(entries),
    capabilities: { list: true, update: true, create: true },
  });

  it('is usable by name once registered, like a built-in provider', async () => {
    seed([
      { name: '/example/db/password', value: 'pw' },
      { name: '/example/db/user', value: 'app' },
    ]);
    configure('dir', { root });

    expect(await get('dir', '/example/db/password')).toBe('pw');
    expect(await getByPath('dir', '/example/db')).toEqual({ '/example/db/password': 'pw', '/example/db/user': 'app' });
  });

  it('refuses a path that would leave its folder, before reading anything', async () => {
    const client = createClient({ provider: dirProvider({ root }), cache: false });
    const error = await client.get('/../../etc/passwd').catch((reason: unknown) => reason);
    expect(isCofferError(error, 'INVALID_INPUT')).toBe(true);
    expect(client.stats().apiCalls).toBe(0);
  });
});
