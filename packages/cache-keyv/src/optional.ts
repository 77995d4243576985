import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CacheError, importOptional, requireOptional, ValidationError } from '@coffer/core';
import type * as KeyvModule from 'keyv';

// The names are variables: a bundler leaves these packages out unless the application imports
// `coffer/sqlite` or `coffer/redis` (sqlite.ts, redis.ts). Resolved from this package's folder.
const fromHere = (name: string): Promise<unknown> => import(name);

// `require` exists in the CommonJS build (and under jest); the ESM build resolves from the app.
const requireHere = (name: string): unknown =>
  (typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js')))(name);

const bundleHint = (entry: string) => `(in a bundle, also import '${entry}')`;

/** `keyv`, loaded on the first use of a cache. */
export function loadKeyv(): Promise<typeof KeyvModule> {
  return importOptional(
    'keyv',
    fromHere,
    (cause) => new CacheError(`keyvCache needs keyv: npm install keyv ${bundleHint('coffer/sqlite')}`, { cause }),
  );
}

/** `@keyv/sqlite`, an optional peer: installing coffer does not compile SQLite. */
export function loadKeyvSqlite(): Promise<typeof import('@keyv/sqlite')> {
  const message = `the SQLite cache needs @keyv/sqlite: npm install @keyv/sqlite ${bundleHint('coffer/sqlite')}`;
  return importOptional('@keyv/sqlite', fromHere, (cause) => new CacheError(message, { cause }));
}

/**
 * `@keyv/redis`, an optional peer, loaded when a Redis cache is made: a missing one is a
 * `ValidationError` then, not a client that runs uncached while its stats say redis.
 */
export function requireKeyvRedis(): typeof import('@keyv/redis') {
  const message = `COFFER_CACHE=redis needs @keyv/redis: install it next to @coffer/cache-keyv (npm install @keyv/redis) ${bundleHint('coffer/redis')}`;
  return requireOptional('@keyv/redis', requireHere, (cause) => new ValidationError(message, { cause }));
}
