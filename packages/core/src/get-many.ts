import type { SecretValue } from './secret-value.js';
import { type CofferError, isCofferError, ProviderError, ValidationError } from './errors.js';
import type { CoreGetOptions } from './operation-options.js';
import { readOptions } from './read-options.js';

/** The options of one read of a `getMany`: `get`'s, the provider's own included. */
export type GetOptions = CoreGetOptions & { readonly [providerOption: string]: unknown };

/**
 * The paths of a `getMany`: a list (each read with the shared options), or an object whose keys
 * are the paths and whose values are each path's own options (merged over the shared ones).
 *
 * @example
 * ```ts
 * const paths: ManyPaths = { '/app/db': { keypath: ['host'] }, '/app/flag': {}, '/app/list': { decode: 'raw' } };
 * ```
 */
export type ManyPaths = readonly string[] | Readonly<Record<string, GetOptions>>;

/**
 * Options of `getMany`: the `get` options every path shares, and what a failed path does.
 *
 * @example
 * ```ts
 * await client.getMany(['/a', '/b'], { decrypt: false, throwOnError: false });
 * ```
 */
export interface GetManyOptions extends GetOptions {
  /**
   * `true`: the first failed path (in the order given) throws its error once every read is
   * done. `false`: failed paths are left out of `values` and their errors returned in `errors`.
   * @default true
   */
  throwOnError?: boolean;
}

/**
 * What `getMany` answers with `throwOnError: false`: the values of the paths read, and the
 * error of each path that failed (a typed `CofferError`).
 *
 * @example
 * ```ts
 * const { values, errors } = await client.getMany(['/a', '/b'], { throwOnError: false });
 * if (errors['/b']) console.warn(errors['/b'].code);
 * ```
 */
export interface ManyResult<T = SecretValue> {
  readonly values: Readonly<Record<string, T>>;
  readonly errors: Readonly<Record<string, CofferError>>;
}

/**
 * How `readMany` reads: `check` validates one read (throwing), `checkOptions` the options alone
 * (for an empty list), `get` reads it.
 */
export interface ManyReader {
  readonly provider: string;
  check(path: string, options: GetOptions): void;
  checkOptions(options: GetOptions): void;
  get(path: string, options: GetOptions): Promise<unknown>;
}

/**
 * Reads many paths with `get`, all issued in one turn so that the client's micro-batching
 * groups them (aws.ps: 10 names a `GetParameters` call, aws.sm: 20 a `BatchGetSecretValue`).
 * Every path and its options are checked before any read: with `throwOnError`, a bad one is a
 * `ValidationError` before any network call; without, it is that path's error.
 */
export async function readMany(
  reader: ManyReader,
  paths: ManyPaths,
  options: GetManyOptions | undefined,
): Promise<Record<string, unknown> | ManyResult<unknown>> {
  const { provider } = reader;
  if (options !== undefined && !isPlainObject(options)) throw new ValidationError('getMany options must be an object', { provider });
  const { throwOnError = true, ...shared } = readOptions(options, 'getMany options', { provider }) as GetManyOptions;
  if (typeof throwOnError !== 'boolean') throw new ValidationError('getMany throwOnError must be a boolean', { provider });
  const list = listOf(paths, shared, provider);
  if (list.length === 0) reader.checkOptions(shared);
  // A Map: a path such as 'hasOwnProperty' must never find something of Object.prototype.
  const errors = new Map<string, CofferError>();
  for (const [path, own] of list) {
    try {
      reader.check(path, own);
    } catch (error) {
      if (throwOnError) throw error;
      errors.set(path, asCofferError(error, provider, path));
    }
  }
  const toRead = list.filter(([path]) => !errors.has(path));
  const settled = await Promise.allSettled(toRead.map(([path, own]) => reader.get(path, own)));
  const values: Record<string, unknown> = {};
  settled.forEach((outcome, i) => {
    const path = toRead[i]?.[0] as string;
    if (outcome.status === 'fulfilled')
      Object.defineProperty(values, path, { value: outcome.value, enumerable: true, writable: true, configurable: true });
    else errors.set(path, asCofferError(outcome.reason, provider, path));
  });
  if (!throwOnError) return { values, errors: Object.fromEntries(errors) };
  const failed = list.find(([path]) => errors.has(path));
  if (failed) throw errors.get(failed[0]);
  return values;
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  try {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

function listOf(paths: ManyPaths, shared: GetOptions, provider: string): Array<[string, GetOptions]> {
  try {
    return pathsOf(paths, shared, provider);
  } catch (error) {
    if (isCofferError(error)) throw error;
    throw new ValidationError('getMany paths could not be read (a getter or a proxy threw)', { provider });
  }
}

function pathsOf(paths: ManyPaths, shared: GetOptions, provider: string): Array<[string, GetOptions]> {
  if (Array.isArray(paths)) {
    if (new Set(paths).size !== paths.length) throw new ValidationError('getMany paths must not repeat', { provider });
    return paths.map((path: unknown) => {
      if (typeof path !== 'string') throw new ValidationError('getMany paths must be strings', { provider });
      return [path, shared];
    });
  }
  if (!isPlainObject(paths)) {
    throw new ValidationError('getMany takes a list of paths or an object of path: options', { provider });
  }
  return Object.entries(paths as Record<string, unknown>).map(([path, own]) => {
    if (own !== undefined && !isPlainObject(own)) {
      throw new ValidationError('getMany options of a path must be an object', { provider, path });
    }
    return [path, { ...shared, ...readOptions(own, 'getMany options of a path', { provider, path }) }];
  });
}

function asCofferError(error: unknown, provider: string, path: string): CofferError {
  return isCofferError(error) ? error : new ProviderError('read failed', { provider, path, cause: error, transient: false });
}
