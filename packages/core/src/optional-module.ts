import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CofferError } from './errors.js';

// Shared by every copy of @coffer/core in the process (CommonJS and ESM builds alike).
const PROVIDED_KEY = Symbol.for('coffer.providedModules');
const holder = globalThis as Record<symbol, Map<string, unknown> | undefined>;
holder[PROVIDED_KEY] ??= new Map();
const provided: Map<string, unknown> = holder[PROVIDED_KEY];

/**
 * Hands coffer a module it would otherwise load at run time, such as `@keyv/sqlite` or `yaml`.
 * The entry points `coffer/sqlite`, `coffer/redis` and `coffer/yaml` call it, so that a bundle
 * that imports them carries the module (a bundler cannot see the run-time import).
 *
 * @example
 * ```ts
 * import * as yaml from 'yaml';
 * provideModule('yaml', yaml);
 * ```
 */
export function provideModule(name: string, module: unknown): void {
  provided.set(name, module);
}

/**
 * Loads an optional module on first use: the one given to {@link provideModule}, else through
 * `load`, which each package writes as `(name) => import(name)` so that the module resolves
 * from that package's own dependencies. The name is a variable, so bundlers leave the module
 * out. When it is not installed, `missing(cause)` is thrown: an error that says the install command.
 *
 * @example
 * ```ts
 * const sqlite = await importOptional<typeof import('@keyv/sqlite')>('@keyv/sqlite', (name) => import(name),
 *   (cause) => new CacheError('the SQLite cache needs @keyv/sqlite: npm install @keyv/sqlite', { cause }));
 * ```
 */
export async function importOptional<T>(
  name: string,
  load: (name: string) => Promise<unknown>,
  missing: (cause: unknown) => CofferError,
): Promise<T> {
  if (provided.has(name)) return provided.get(name) as T;
  try {
    return (await load(name)) as T;
  } catch (error) {
    if (isNotFound(error, name)) throw missing(error);
    throw error;
  }
}

/**
 * The synchronous {@link importOptional}, for a package that must be there when something is
 * made: `load` is the calling package's `require` (a variable name keeps bundlers away).
 *
 * @example
 * ```ts
 * const redis = requireOptional<typeof import('@keyv/redis')>('@keyv/redis', require,
 *   (cause) => new ValidationError('COFFER_CACHE=redis needs @keyv/redis: npm install @keyv/redis', { cause }));
 * ```
 */
export function requireOptional<T>(name: string, load: (name: string) => unknown, missing: (cause: unknown) => CofferError): T {
  if (provided.has(name)) return provided.get(name) as T;
  try {
    return load(name) as T;
  } catch (error) {
    if (isNotFound(error, name)) throw missing(error);
    throw error;
  }
}

/** Whether `error` says that `name` itself (not something it needs) is not installed. */
function isNotFound(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`));
}

/**
 * Where `name` resolves from the application's own dependencies (its folder, its entry script's,
 * then this package's), or `undefined` when it is not installed; nothing is loaded.
 *
 * @example
 * ```ts
 * if (resolveFromApp('@keyv/sqlite') === undefined) console.log('npm install @keyv/sqlite');
 * ```
 */
export function resolveFromApp(name: string): string | undefined {
  const entry = process.argv[1] ? dirname(process.argv[1]) : undefined;
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const load = appRequire();
  for (const base of [process.cwd(), entry, here]) {
    if (typeof base !== 'string') continue;
    try {
      return load.resolve(name, { paths: [base] });
    } catch {
      // not from this folder
    }
  }
  return undefined;
}

/**
 * Loads an optional package from the application's own dependencies (see {@link resolveFromApp}),
 * such as a provider package the registry names: `undefined` when it is not installed. A module
 * given to {@link provideModule} is used first.
 *
 * @example
 * ```ts
 * loadFromApp('@coffer/aws-ps'); // registers aws.ps, or undefined when not installed
 * ```
 */
export function loadFromApp(name: string): unknown {
  if (provided.has(name)) return provided.get(name);
  const resolved = resolveFromApp(name);
  return resolved === undefined ? undefined : appRequire()(resolved);
}

/** `require` in the CommonJS build; the ESM build makes one (any base: lookups name their paths). */
function appRequire(): NodeJS.Require {
  return typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));
}
