import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  type CacheAdapter,
  CacheError,
  type CacheEntry,
  type CofferLogger,
  type Duration,
  parseDuration,
  ValidationError,
} from '@coffer/core';
import type { Keyv, KeyvStoreAdapter } from 'keyv';
import { type Cipher, createCipher } from './cipher.js';
import { decodeEntry, encodeEntry } from './codec.js';
import { fleetCapabilities } from './fleet-capabilities.js';
import type { FleetStore } from './fleet-store.js';
import { type RedisLike, redisFleet } from './redis-fleet.js';
import { prepareFleetTables, sqliteFleet } from './sqlite-fleet.js';
import { loadOrCreateKeyFile, parseKey } from './key-material.js';
import { defaultCachePath, openSqliteStore, prepareDatabaseFile, purgeExpired, type SqliteStore } from './sqlite-file.js';
import { rememberDropTime } from './drop-time.js';
import { checkKeyvSqlite, loadKeyv } from './optional.js';
import { describeFailure, warnOnce } from './warn-once.js';
import { checkKeyvOptions } from './check-options.js';

/**
 * A Keyv store, or a function that makes one on first use (so its package loads only then).
 *
 * @example
 * ```ts
 * const store: KeyvStoreSource = async () => new (await import('@keyv/redis')).default('redis://cache:6379');
 * ```
 */
export type KeyvStoreSource = KeyvStoreAdapter | (() => KeyvStoreAdapter | Promise<KeyvStoreAdapter>);

/**
 * Options of {@link keyvCache}: an SQLite file (`path`, or the default file) or any Keyv
 * `store`, not both; the rest applies to either.
 *
 * @example
 * ```ts
 * const options: KeyvCacheOptions = { path: '/var/cache/app/coffer.db', ttl: '1h', namespace: 'billing' };
 * ```
 */
export type KeyvCacheOptions = KeyvCacheCommonOptions & (KeyvCacheFileOptions | KeyvCacheStoreOptions);

/**
 * Where {@link keyvCache} keeps values: an SQLite file.
 * @example
 * ```ts
 * keyvCache({ path: '/var/cache/app/coffer.db' });
 * ```
 */
export interface KeyvCacheFileOptions {
  /**
   * The SQLite database file. Its folder is created with mode 0700, the file with 0600.
   * @default `$XDG_CACHE_HOME/coffer/cache.sqlite`, else `~/.cache/coffer/cache.sqlite`
   */
  path?: string;
  /** A store excludes `path`. */
  store?: never;
}

/**
 * Where {@link keyvCache} keeps values: any Keyv store.
 * @example
 * ```ts
 * keyvCache({ store: new KeyvRedis('redis://cache:6379'), encryptionKey: process.env.COFFER_CACHE_KEY });
 * ```
 */
export interface KeyvCacheStoreOptions {
  /**
   * Any Keyv store (for example `new KeyvRedis(url)` from `@keyv/redis`) instead of the SQLite
   * file, or a function making it on first use. A store needs `encryptionKey` (or `COFFER_CACHE_KEY`).
   */
  store: KeyvStoreSource;
  /** A path excludes `store`. */
  path?: never;
}

/**
 * The options of {@link keyvCache} for any store.
 * @example
 * ```ts
 * keyvCache({ namespace: 'billing', ttl: '1h' });
 * ```
 */
export interface KeyvCacheCommonOptions {
  /**
   * Keeps caches apart in one store: `clear()` removes only this namespace's entries. It is
   * stored hashed.
   * @default 'coffer'
   */
  namespace?: string;
  /**
   * How long an entry stays fresh, unless the client says otherwise.
   * @default '15m'
   */
  ttl?: Duration;
  /**
   * The AES-256-GCM key: 32 bytes, or their base64 text.
   * @default `COFFER_CACHE_KEY`, else (SQLite only) a key file beside the database, created 0600
   */
  encryptionKey?: string | Uint8Array;
  /**
   * Where the one warning about a broken store goes.
   * @default process warnings (`CofferWarning`)
   */
  logger?: CofferLogger;
  /**
   * The name shown in `stats().cache`.
   * @default 'sqlite', or 'keyv' for a store
   */
  name?: string;
}

interface Backend {
  readonly keyv: Keyv<string>;
  readonly cipher: Cipher;
  readonly sqlite: SqliteStore | undefined;
  /** Leases and invalidations, on the SQLite file or on Redis; none for other stores. */
  readonly fleet: FleetStore | undefined;
}

const DEFAULT_TTL = 15 * 60_000;
/** After a storage failure, the cache is left alone for this long (reads go to the provider). */
const RETRY_AFTER_MS = 30_000;
const PURGE_EVERY_MS = 10 * 60_000;
const CHECK_KEY = 'coffer-key-check';
/**
 * The most store keys (HMACs of cache keys) remembered. Past it the memo starts over instead of
 * evicting one by one (no `lru-cache`): it holds pure results, so forgetting costs one HMAC.
 */
const STORE_KEY_MEMO = 10_000;

/**
 * A cache on Keyv: an SQLite file by default (shared by every process of the user), or any
 * Keyv store such as Redis. Values keep their type (text, `string[]`, objects, `Uint8Array`)
 * and are encrypted with AES-256-GCM; stored keys are HMACs, so the store shows neither names
 * nor values. A broken, locked or unreadable store never fails a read: it turns into cache
 * misses with one warning. `@keyv/sqlite` is loaded on first use; without it installed, making
 * an SQLite cache throws a `ValidationError` that says the install command.
 *
 * @example
 * ```ts
 * const ps = new ParameterStore({ cache: keyvCache({ ttl: '1h' }) });
 * const shared = keyvCache({ store: new KeyvRedis('redis://cache:6379'), encryptionKey: process.env.COFFER_CACHE_KEY });
 * ```
 */
export function keyvCache(options: KeyvCacheOptions = {}): CacheAdapter {
  options = checkKeyvOptions(options);
  if (options.path !== undefined && options.store !== undefined) throw new ValidationError('keyvCache takes a path or a store, not both');
  if (options.path !== undefined && (typeof options.path !== 'string' || options.path.trim() === '')) {
    throw new ValidationError('keyvCache path must be a non-empty string');
  }
  const ttl = options.ttl === undefined ? DEFAULT_TTL : parseDuration(options.ttl, 'keyvCache ttl');
  const envKey = process.env.COFFER_CACHE_KEY?.trim();
  const givenKey =
    options.encryptionKey !== undefined
      ? parseKey(options.encryptionKey, 'keyvCache encryptionKey')
      : envKey
        ? parseKey(envKey, 'COFFER_CACHE_KEY')
        : undefined;
  if (options.store !== undefined && !givenKey) {
    throw new ValidationError('keyvCache with a store needs an encryptionKey (or COFFER_CACHE_KEY): base64 of 32 random bytes');
  }
  if (options.store === undefined) checkKeyvSqlite();
  const path = options.store === undefined ? (options.path ?? defaultCachePath()) : undefined;
  const name = options.name ?? (path === undefined ? 'keyv' : 'sqlite');
  const location = path ?? `${name} store`;
  const namespace = options.namespace ?? 'coffer';
  const keyvNamespace = `coffer-${createHash('sha256').update(namespace).digest('hex').slice(0, 16)}`;
  const warnId = path ?? Symbol(location);
  const warn = (message: string) => warnOnce(warnId, `the cache at ${location} ${message}`, options.logger);

  let opening: Promise<Backend | undefined> | undefined;
  let closed = false;
  let pausedUntil = 0;
  let purgedAt = Date.now();
  const storeKeys = new Map<string, string>();

  const fail = (error: unknown): undefined => {
    // A package to install is said as such (its message names no key nor value).
    if (error instanceof CacheError) warnOnce(warnId, `${error.message}; reads go to the provider meanwhile`);
    else warn(`failed (${describeFailure(error)}); reads go to the provider until it works again`);
    pausedUntil = Date.now() + RETRY_AFTER_MS;
    return undefined;
  };

  const open = async (): Promise<Backend> => {
    let key = givenKey;
    if (path !== undefined) {
      prepareDatabaseFile(path);
      if (!key) key = loadOrCreateKeyFile(`${path}.key`).key;
    }
    const sqlite = path === undefined ? undefined : await openSqliteStore(path);
    const source = options.store;
    const store = sqlite ?? (typeof source === 'function' ? await source() : (source as KeyvStoreAdapter));
    const { Keyv } = await loadKeyv();
    const isRedis = (store as { opts?: { dialect?: string } }).opts?.dialect === 'redis';
    const keyv = new Keyv<string>({ store, namespace: keyvNamespace, throwOnErrors: true, useKeyPrefix: !isRedis });
    keyv.on('error', () => undefined);
    const cipher = createCipher(key as Uint8Array, keyvNamespace);
    try {
      await checkKey(keyv, cipher.fingerprint);
    } catch (error) {
      await keyv.disconnect().catch(() => undefined);
      throw error;
    }
    return { keyv, cipher, sqlite, fleet: await fleetOf(store, sqlite, isRedis, keyvNamespace) };
  };

  // Tells this adapter's own invalidations apart from other processes' (and other adapters').
  const origin = randomBytes(9).toString('base64url');
  const fleetOf = async (store: KeyvStoreAdapter, sqlite: SqliteStore | undefined, isRedis: boolean, ns: string) => {
    if (sqlite) {
      // A file others made read-only still caches; it just has no fleet tables.
      const prepared = await prepareFleetTables(sqlite).then(
        () => true,
        () => false,
      );
      return prepared ? sqliteFleet(sqlite, ns, origin) : undefined;
    }
    const client = isRedis ? (store as unknown as { client?: RedisLike }).client : undefined;
    if (!client || typeof client.eval !== 'function' || typeof client.duplicate !== 'function') return undefined;
    // node-redis reconnects by itself: the cache is used again as soon as it has.
    client.on('ready', () => {
      pausedUntil = 0;
    });
    return redisFleet(client, ns, origin);
  };

  const checkKey = async (keyv: Keyv<string>, fingerprint: string) => {
    const stored = await keyv.get(CHECK_KEY);
    if (stored === fingerprint) return;
    if (stored !== undefined) {
      warn('was written with another key (key file deleted or replaced, or COFFER_CACHE_KEY changed): its old entries are misses');
    }
    await keyv.set(CHECK_KEY, fingerprint);
  };

  const backend = (): Promise<Backend | undefined> | undefined => {
    if (closed || Date.now() < pausedUntil) return undefined;
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      return fail(error);
    });
    return opening;
  };

  const storeKey = (cipher: Cipher, key: string): string => {
    let found = storeKeys.get(key);
    if (found === undefined) {
      if (storeKeys.size >= STORE_KEY_MEMO) storeKeys.clear();
      found = cipher.storeKey(key);
      storeKeys.set(key, found);
    }
    return found;
  };

  const ready = async (): Promise<Backend | undefined> => {
    const b = await backend();
    if (!b || closed || Date.now() < pausedUntil) return undefined;
    if (b.fleet) fleet.listenIfAsked();
    return b;
  };

  const fleet = fleetCapabilities({
    fleet: async () => {
      const b = await ready();
      return b?.fleet ? { store: b.fleet, idOf: (key: string) => storeKey(b.cipher, key) } : undefined;
    },
    fail,
    warn,
  });

  const adapter = {
    name,
    ttl,
    async get(key: string): Promise<CacheEntry | undefined> {
      const b = await ready();
      if (!b) return undefined;
      const id = storeKey(b.cipher, key);
      let raw: { value?: unknown; expires?: unknown } | undefined;
      try {
        raw = await b.keyv.getRaw(id);
      } catch (error) {
        // A row that is not even JSON is one bad entry, not a broken store.
        if (error instanceof SyntaxError) return void warn('holds an entry that is not readable; it is a miss');
        return fail(error);
      }
      if (typeof raw?.value !== 'string') return undefined;
      const text = b.cipher.open(raw.value, id);
      if (text === undefined) {
        warn('holds an entry that fails authentication (changed on disk, or sealed with another key); it is a miss');
        return undefined;
      }
      const entry = decodeEntry(text);
      if (entry && typeof raw.expires === 'number') rememberDropTime(entry, raw.expires);
      return entry;
    },
    async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
      const b = await ready();
      if (!b) return;
      const id = storeKey(b.cipher, key);
      try {
        await b.keyv.set(id, b.cipher.seal(encodeEntry(entry), id), Math.max(1, Math.ceil(ttlMs)));
        if (b.sqlite && Date.now() - purgedAt > PURGE_EVERY_MS) {
          purgedAt = Date.now();
          await purgeExpired(b.sqlite);
        }
      } catch (error) {
        fail(error);
      }
    },
    async delete(key: string): Promise<void> {
      const b = await ready();
      if (!b) return;
      try {
        await b.keyv.delete(storeKey(b.cipher, key));
      } catch (error) {
        fail(error);
      }
    },
    async clear(): Promise<void> {
      const b = await ready();
      if (!b) return;
      try {
        await b.keyv.clear();
        await b.keyv.set(CHECK_KEY, b.cipher.fingerprint);
      } catch (error) {
        fail(error);
      }
    },
    ...fleet.members,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await fleet.closeFleet();
      const b = await opening;
      await b?.keyv.disconnect().catch(() => undefined);
    },
    [inspect.custom]: () => `keyvCache { name: '${name}', location: '${location}', ttl: ${ttl} }`,
  };
  return adapter as CacheAdapter;
}
