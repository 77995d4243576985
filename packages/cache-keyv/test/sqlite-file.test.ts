import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCachePath, keyvCache } from '@coffer/cache-keyv';
import type { CacheEntry } from '@coffer/core';

const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 60_000 });
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite cache file', () => {
  it('creates the database, its WAL files and the key file 0600 even under umask 000', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'coffer-file-')), 'a', 'b');
    const path = join(folder, 'cache.sqlite');
    const previous = process.umask(0);
    let cache: ReturnType<typeof keyvCache> | undefined;
    try {
      cache = keyvCache({ path });
      await cache.set('/k', entry('v'), 60_000);

      for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}.key`]) expect([file, mode(file)]).toEqual([file, 0o600]);
      expect(mode(folder)).toBe(0o700);
      expect(mode(join(folder, '..'))).toBe(0o700);
    } finally {
      process.umask(previous);
      await cache?.close?.();
    }
  });

  it('leaves the mode of a folder it did not create alone, and tightens a database file of ours', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'coffer-file-'));
    chmodSync(folder, 0o755);
    const path = join(folder, 'loose.sqlite');
    writeFileSync(path, '', { mode: 0o644 });
    chmodSync(path, 0o644);
    const cache = keyvCache({ path });

    await cache.set('/k', entry('v'), 60_000);

    expect(mode(folder)).toBe(0o755);
    expect(mode(path)).toBe(0o600);
    await cache.close?.();
  });

  it('uses one key file for every cache on the file and reads what another instance wrote', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'coffer-file-')), 'shared.sqlite');
    const [writer, reader] = [keyvCache({ path }), keyvCache({ path })];
    const value = { bytes: new Uint8Array(randomBytes(8)), list: ['a', 'b'] };

    await writer.set('/shared', entry(value), 60_000);
    const got = await reader.get('/shared');

    expect(got?.value).toEqual(value);
    expect(readFileSync(`${path}.key`, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await Promise.all([writer.close?.(), reader.close?.()]);
  });

  it('reads through, with one warning, when the database path is a folder', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'coffer-file-')), 'is-a-folder.sqlite');
    mkdirSync(path);
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const cache = keyvCache({ path });

    await cache.set('/k', entry('v'), 60_000);
    const got = await cache.get('/k');
    await cache.get('/k');

    const warnings = spy.mock.calls.map((call) => String(call[0]));
    spy.mockRestore();
    expect(got).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path);
    await cache.close?.();
  });

  it('reads through, with one warning, while another connection holds the file locked', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'coffer-file-')), 'locked.sqlite');
    const writer = keyvCache({ path });
    await writer.set('/k', entry('v'), 60_000);
    await writer.close?.();
    const { KeyvSqlite } = await import('@keyv/sqlite');
    const holder = new KeyvSqlite({ uri: `sqlite://${path}`, table: 'coffer_cache' });
    await holder.query('PRAGMA locking_mode=EXCLUSIVE');
    await holder.query('BEGIN EXCLUSIVE');
    await holder.query('DELETE FROM coffer_cache WHERE 0');
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const cache = keyvCache({ path });

    const whileLocked = [await cache.get('/k'), await cache.get('/k')];
    await cache.set('/k2', entry('dropped'), 60_000);

    const warnings = spy.mock.calls.map((call) => String(call[0]));
    spy.mockRestore();
    await holder.query('COMMIT');
    await holder.disconnect();
    expect(whileLocked).toEqual([undefined, undefined]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/SQLITE_BUSY/);
    await cache.close?.();
  }, 30_000);

  it('defaults to $XDG_CACHE_HOME/coffer/cache.sqlite, else ~/.cache/coffer/cache.sqlite', () => {
    expect(defaultCachePath({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/coffer/cache.sqlite');
    expect(defaultCachePath({ HOME: '/home/u' })).toMatch(/\.cache\/coffer\/cache\.sqlite$/);
  });
});
