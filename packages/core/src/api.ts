import type {
  ExistsOptions,
  GetByPathOptions,
  GetOptions,
  InferredValue,
  ListValue,
  NoExtraOptions,
  ReadValue,
  UpdateOptions,
} from './operation-options.js';
import type { GetManyOptions, ManyPaths, ManyResult } from './get-many.js';
import type { SecretInput } from './provider.js';
import type { ProviderName, TypesOf } from './provider-types.js';
import { instance } from './shared-instances.js';
import type { SecretValue } from './secret-value.js';
import type { TopLevelWatch } from './watch/watch-types.js';

/**
 * Reads a secret through the provider's shared instance.
 *
 * @example
 * ```ts
 * const password = await get<string>('aws.sm', 'prod/databases/mysql/bigdb/root', { keypath: ['password'] });
 * ```
 */
export function get<Value = InferredValue, Name extends ProviderName = ProviderName>(
  provider: Name,
  path: string,
): Promise<[NoInfer<Value>] extends [InferredValue] ? SecretValue : NoInfer<Value>>;
export function get<
  Value = InferredValue,
  Name extends ProviderName = ProviderName,
  const Options extends GetOptions<TypesOf<Name>> = GetOptions<TypesOf<Name>>,
>(
  provider: Name,
  path: string,
  options?: Options & NoExtraOptions<Options, GetOptions<TypesOf<Name>>>,
): Promise<ReadValue<NoInfer<Value>, Options>>;
export function get(provider: string, path: string, options?: object): Promise<unknown> {
  try {
    return instance(provider).get(path, options as GetOptions);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Reads many secrets in one batched go through the provider's shared instance (see
 * `CofferClient.getMany`): an object keyed by path, or with `throwOnError: false` the values
 * and the errors of the paths that failed.
 *
 * @example
 * ```ts
 * const config = await getMany('aws.ps', ['/prod/app/host', '/prod/app/port']);
 * const { values, errors } = await getMany('aws.sm', { 'prod/db': { keypath: ['password'] } }, { throwOnError: false });
 * ```
 */
export function getMany<T = SecretValue>(
  provider: string,
  paths: ManyPaths,
  options?: GetManyOptions & { throwOnError?: true },
): Promise<Readonly<Record<string, T>>>;
export function getMany<T = SecretValue>(
  provider: string,
  paths: ManyPaths,
  options: GetManyOptions & { throwOnError: false },
): Promise<ManyResult<T>>;
export function getMany<T = SecretValue>(
  provider: string,
  paths: ManyPaths,
  options?: GetManyOptions,
): Promise<Readonly<Record<string, T>> | ManyResult<T>>;
export function getMany(provider: string, paths: ManyPaths, options?: GetManyOptions): Promise<unknown> {
  try {
    return instance(provider).getMany(paths, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Lists the secrets under a path through the provider's shared instance.
 *
 * @example
 * ```ts
 * const settings = await getByPath('aws.ps', '/prod/app'); // { '/prod/app/a': ..., ... }
 * ```
 */
export function getByPath<Value = InferredValue, Name extends ProviderName = ProviderName>(
  provider: Name,
  path: string,
): Promise<Readonly<Record<string, [NoInfer<Value>] extends [InferredValue] ? SecretValue : NoInfer<Value>>>>;
export function getByPath<
  Value = InferredValue,
  Name extends ProviderName = ProviderName,
  const Options extends GetByPathOptions<TypesOf<Name>> = GetByPathOptions<TypesOf<Name>>,
>(
  provider: Name,
  path: string,
  options?: Options & NoExtraOptions<Options, GetByPathOptions<TypesOf<Name>>>,
): Promise<Readonly<Record<string, ListValue<NoInfer<Value>, Options>>>>;
export function getByPath(provider: string, path: string, options?: object): Promise<unknown> {
  try {
    return instance(provider).getByPath(path, options as GetByPathOptions);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Whether a secret exists, through the provider's shared instance.
 *
 * @example
 * ```ts
 * if (await pathExists('aws.ps', '/prod/app')) { ... }
 * ```
 */
export function pathExists<Name extends ProviderName>(
  provider: Name,
  path: string,
  options?: ExistsOptions<TypesOf<Name>>,
): Promise<boolean>;
export async function pathExists(provider: string, path: string, options?: object): Promise<boolean> {
  return instance(provider).pathExists(path, options);
}

/**
 * Writes a secret through the provider's shared instance; the next read returns the new value.
 *
 * @example
 * ```ts
 * await update('aws.ps', '/prod/app/flag', 'on');
 * ```
 */
export function update<Name extends ProviderName>(
  provider: Name,
  path: string,
  value: SecretInput,
  options?: UpdateOptions<TypesOf<Name>>,
): Promise<void>;
export async function update(provider: string, path: string, value: SecretInput, options?: object): Promise<void> {
  return instance(provider).update(path, value, options);
}

/**
 * Watches a secret through the provider's shared instance: `listener` is called once per new
 * version; without a listener, an async iterable of them (see `CofferClient.watch`).
 *
 * @example
 * ```ts
 * const unwatch = watch('aws.sm', 'prod/db', (secret) => pool.reconnect(secret), { interval: '1m' });
 * ```
 */
export const watch = ((provider: string, path: string, listener?: unknown, options?: unknown) =>
  (instance(provider).watch as (path: string, listener?: unknown, options?: unknown) => unknown)(path, listener, options)) as TopLevelWatch;
