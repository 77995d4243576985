import { CacheError, importOptional, loadFromApp, requireOptional, resolveFromApp, ValidationError } from '@coffer/core';
import type * as KeyvModule from 'keyv';

// The names are variables: a bundler leaves these packages out unless the application imports
// `coffer/sqlite` or `coffer/redis` (sqlite.ts, redis.ts). Resolved from this package's folder.
const fromHere = (name: string): Promise<unknown> => import(name);

// `require` exists in the CommonJS build (and under jest); the ESM build resolves from the app
// (its folder, else its entry script's), where an optional peer is installed.
const requireHere = (name: string): unknown => (typeof require === 'function' ? require(name) : (loadFromApp(name) ?? notFound(name)));
const resolveHere = (name: string): unknown =>
  typeof require === 'function' ? require.resolve(name) : (resolveFromApp(name) ?? notFound(name));

/** What `require` throws for a package that is not installed (the loader tells it apart). */
function notFound(name: string): never {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
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
