import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CacheError, importOptional, requireOptional, ValidationError } from '@coffer/core';
import type * as KeyvModule from 'keyv';

// The names are variables: a bundler leaves these packages out unless the application imports
// `coffer/sqlite` or `coffer/redis` (sqlite.ts, redis.ts). Resolved from this package's folder.
const fromHere = (name: string): Promise<unknown> => import(name);

// `require` exists in the CommonJS build (and under jest); the ESM build resolves from the app
// (its folder, else its entry script's), where an optional peer is installed.
const requireHere = (name: string): unknown => (typeof require === 'function' ? require(name) : fromApp((load) => load(name)));
const resolveHere = (name: string): unknown =>
  typeof require === 'function' ? require.resolve(name) : fromApp((load) => load.resolve(name));

/** Runs `use` with the `require` of the application's folder, then of its entry script's. */
function fromApp<T>(use: (load: NodeJS.Require) => T): T {
  const bases = [process.cwd(), process.argv[1] ? dirname(process.argv[1]) : undefined];
  let failure: unknown;
  for (const base of bases.filter((folder): folder is string => folder !== undefined)) {
    try {
      return use(createRequire(join(base, 'noop.js')));
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

const bundleHint = (entry: string) => `(in a bundle, also import '${entry}')`;

/** `keyv`, loaded on the first use of a cache. */
export function loadKeyv(): Promise<typeof KeyvModule> {
  return importOptional(
    'keyv',
    fromHere,
    (cause) => new CacheError(`keyvCache needs keyv: npm install keyv ${bundleHint('coffer/sqlite')}`, { cause }),
  );
}

const sqliteMissing = `the SQLite cache needs @keyv/sqlite: npm install @keyv/sqlite ${bundleHint('coffer/sqlite')}`;

/**
 * Throws a `ValidationError` that says the install command when `@keyv/sqlite` cannot be found:
 * called when an SQLite cache is made, so a missing store is never a client that runs uncached
 * while its stats say sqlite. Loading it waits for the first use.
 */
export function checkKeyvSqlite(): void {
  requireOptional('@keyv/sqlite', resolveHere, (cause) => new ValidationError(sqliteMissing, { cause }));
}

/** `@keyv/sqlite`, an optional peer: installing coffer does not compile SQLite. */
export function loadKeyvSqlite(): Promise<typeof import('@keyv/sqlite')> {
  return importOptional('@keyv/sqlite', fromHere, (cause) => new CacheError(sqliteMissing, { cause }));
}

/**
 * `@keyv/redis`, an optional peer, loaded when a Redis cache is made: a missing one is a
 * `ValidationError` then, not a client that runs uncached while its stats say redis.
 */
export function requireKeyvRedis(): typeof import('@keyv/redis') {
  const message = `COFFER_CACHE=redis needs @keyv/redis: install it next to @coffer/cache-keyv (npm install @keyv/redis) ${bundleHint('coffer/redis')}`;
  return requireOptional('@keyv/redis', requireHere, (cause) => new ValidationError(message, { cause }));
}
