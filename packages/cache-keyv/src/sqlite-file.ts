import { chmodSync, closeSync, constants, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { KeyvStoreAdapter } from 'keyv';
import { loadKeyvSqlite } from './optional.js';
import { tighten } from './key-material.js';

/** How long a statement waits for another process's lock before the operation is dropped. */
export const BUSY_TIMEOUT_MS = 5000;

/** The table coffer keeps its entries in. */
const TABLE = 'coffer_cache';

/**
 * The per-user cache file: `$XDG_CACHE_HOME/coffer/cache.sqlite`, else `~/.cache/coffer/cache.sqlite`.
 *
 * @example
 * ```ts
 * defaultCachePath(); // '/home/me/.cache/coffer/cache.sqlite'
 * ```
 */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  return join(base, 'coffer', 'cache.sqlite');
}

/**
 * Creates the folders missing on the way to `path` with mode 0700, and the database file itself
 * with mode 0600, before SQLite opens it (SQLite would create it under the umask). Folders that
 * already exist are left as they are; an existing file of ours loses group and other access.
 */
export function prepareDatabaseFile(path: string): void {
  const folder = dirname(path);
  const first = mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (first !== undefined) {
    // mkdir applies the umask; set the mode of every folder this call created.
    for (let dir = folder; dir.length >= first.length; dir = dirname(dir)) {
      chmodSync(dir, 0o700);
      if (dir === first) break;
    }
  }
  try {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      fchmodSync(fd, 0o600);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    tighten(path);
  }
}

/** What the SQLite store adds to a Keyv store: raw queries. */
export type SqliteStore = KeyvStoreAdapter & { query(sql: string, ...parameters: unknown[]): Promise<unknown[]> };

/**
 * Opens the database with `@keyv/sqlite` (loaded only now), in WAL mode with a busy timeout so
 * that several processes share it, and purges expired rows.
 */
export async function openSqliteStore(path: string): Promise<SqliteStore> {
  const { KeyvSqlite } = await loadKeyvSqlite();
  const store = new KeyvSqlite({ uri: `sqlite://${resolve(path)}`, table: TABLE, busyTimeout: BUSY_TIMEOUT_MS }) as unknown as SqliteStore;
  try {
    // Several processes may switch a new file to WAL at once; whoever loses finds it done.
    const journal = store.query('PRAGMA journal_mode=WAL').catch(() => undefined);
    await store.query('PRAGMA synchronous=NORMAL');
    await journal;
    await purgeExpired(store);
  } catch (error) {
    await (store.disconnect?.() ?? Promise.resolve()).catch(() => undefined);
    throw error;
  }
  return store;
}

/** Deletes the rows of every namespace whose Keyv expiry has passed. */
export async function purgeExpired(store: SqliteStore): Promise<void> {
  await store.query(`DELETE FROM ${TABLE} WHERE json_valid(value) AND json_extract(value, '$.expires') < ?`, Date.now());
}
