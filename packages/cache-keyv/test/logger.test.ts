import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache } from '@coffer/cache-keyv';
import { createClient, memoryProvider } from '@coffer/core';

describe('the logger option', () => {
  it('takes the one warning of a broken SQLite file instead of process warnings', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'coffer-logger-')), 'is-a-folder.sqlite');
    mkdirSync(path);
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const warnings: string[] = [];
    const client = createClient({
      provider: memoryProvider({ seed: { '/k': 's3cr3t-logged' } }),
      cache: keyvCache({ path, logger: { warn: (message) => warnings.push(message) } }),
    });

    await expect(client.get('/k')).resolves.toBe('s3cr3t-logged');
    await expect(client.get('/k')).resolves.toBe('s3cr3t-logged');

    const emitted = spy.mock.calls.length;
    spy.mockRestore();
    expect(emitted).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path);
    expect(warnings.join('\n')).not.toContain('s3cr3t');
    await client.close();
  });
});
