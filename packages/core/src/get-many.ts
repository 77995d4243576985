import type { SecretValue } from './secret-value.js';
import { type CofferError, isCofferError, ProviderError, ValidationError } from './errors.js';
import type { CoreGetOptions } from './operation-options.js';

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

/** How `readMany` reads: `check` validates one read (throwing), `get` reads it. */
export interface ManyReader {
  readonly provider: string;
  check(path: string, options: GetOptions): void;
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
  const { throwOnError = true, ...shared } = options ?? {};
  if (typeof throwOnError !== 'boolean') throw new ValidationError('getMany throwOnError must be a boolean', { provider });
  const list = listOf(paths, shared, provider);
  const errors: Record<string, CofferError> = {};
  for (const [path, own] of list) {
    try {
      reader.check(path, own);
    } catch (error) {
      if (throwOnError) throw error;
      errors[path] = asCofferError(error, provider, path);
    }
  }
  const toRead = list.filter(([path]) => errors[path] === undefined);
  const settled = await Promise.allSettled(toRead.map(([path, own]) => reader.get(path, own)));
  const values: Record<string, unknown> = {};
  settled.forEach((outcome, i) => {
    const path = toRead[i]?.[0] as string;
    if (outcome.status === 'fulfilled') values[path] = outcome.value;
    else errors[path] = asCofferError(outcome.reason, provider, path);
  });
  if (!throwOnError) return { values, errors };
  const failed = list.find(([path]) => errors[path] !== undefined);
  if (failed) throw errors[failed[0]];
  return values;
}

function listOf(paths: ManyPaths, shared: GetOptions, provider: string): Array<[string, GetOptions]> {
  if (Array.isArray(paths)) {
    if (new Set(paths).size !== paths.length) throw new ValidationError('getMany paths must not repeat', { provider });
    return paths.map((path: unknown) => {
      if (typeof path !== 'string') throw new ValidationError('getMany paths must be strings', { provider });
      return [path, shared];
    });
  }
  if (paths === null || typeof paths !== 'object') {
    throw new ValidationError('getMany takes a list of paths or an object of path: options', { provider });
  }
  return Object.entries(paths as Record<string, unknown>).map(([path, own]) => {
    if (own !== undefined && (own === null || typeof own !== 'object' || Array.isArray(own))) {
      throw new ValidationError('getMany options of a path must be an object', { provider, path });
    }
    return [path, { ...shared, ...(own as GetOptions | undefined) }];
  });
}

function asCofferError(error: unknown, provider: string, path: string): CofferError {
  return isCofferError(error) ? error : new ProviderError('read failed', { provider, path, cause: error, transient: false });
}
