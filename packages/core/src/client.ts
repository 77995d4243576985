import { inspect } from 'node:util';
import { CacheKeys } from './cache-keys.js';
import { checkCacheOption } from './cache-option.js';
import type { ClientStats, CreateClientOptions } from './client-options.js';
import { defaultCache } from './env-config.js';
import { isCofferError, UnsupportedError, ValidationError } from './errors.js';
import { ErrorBackoff } from './error-backoff.js';
import { backoffSettings, leaseBounds } from './fleet-options.js';
import { Freshness } from './freshness.js';
import { type GetManyOptions, type ManyPaths, type ManyReader, type ManyResult, readMany } from './get-many.js';
import { GuardedCache } from './guarded-cache.js';
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
import { checkPath, type OptionOperation, type ParsedOptions, parseOptions } from './options.js';
import type { CallContext, NormalizedRequest, Operation, Provider, SecretInput } from './provider.js';
import type { ProviderTypes } from './provider-types.js';
import type { SecretValue } from './secret-value.js';
import { ProviderCaller } from './provider-caller.js';
import { ReadPipeline } from './read-pipeline.js';
import { checkUpdateValue } from './update-value.js';
import { WatchSet } from './watch/watch-set.js';
import type { WatchMethod } from './watch/watch-types.js';

/** Options as the read pipeline takes them: checked there against the provider's schema. */
type RuntimeOptions = { readonly [name: string]: unknown };

/**
 * A caching client over one provider: the same class `ParameterStore`, `SecretsManager` and
 * {@link createClient} give. Reads go through its read pipeline (cache → single flight →
 * micro-batch → provider); writes go to the provider, then invalidate what they changed.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
 * await client.get('/a'); // 'x'
 * client.stats();         // { hits: 0, misses: 1, stale: 0, apiCalls: 1, ... }
 * ```
 */
export class CofferClient<Types extends ProviderTypes = ProviderTypes> {
  readonly #provider: Provider;
  readonly #name: string;
  readonly #cache: GuardedCache | undefined;
  readonly #ownsCache: boolean;
  readonly #caller: ProviderCaller;
  readonly #reads: ReadPipeline;
  readonly #many: ManyReader;
  readonly #keys: CacheKeys;
  #watches: WatchSet | undefined;
  readonly #stats: ClientStats = { hits: 0, misses: 0, stale: 0, apiCalls: 0, errors: 0, refreshes: 0 };
  readonly #context: CallContext = {
    countApiCall: (count = 1) => {
      this.#stats.apiCalls += count;
    },
  };

  constructor(options: CreateClientOptions<Types>) {
    const provider = options?.provider;
    if (!provider || typeof provider.name !== 'string' || (typeof provider.get !== 'function' && typeof provider.getMany !== 'function')) {
      throw new ValidationError('provider must have a name and a get or getMany operation');
    }
    this.#provider = provider;
    this.#name = provider.name;
    const keys = new CacheKeys(provider);
    this.#keys = keys;
    const given = checkCacheOption(options.cache);
    this.#ownsCache = given === undefined;
    const cache = given === undefined ? defaultCache(keys.namespace) : given;
    this.#cache = cache === false ? undefined : new GuardedCache(cache, options.logger);
    const freshness = new Freshness(options, this.#cache?.adapter);
    const lease = leaseBounds(options.lease);
    const backoff = backoffSettings(options.errorBackoff);
    this.#caller = new ProviderCaller(provider, this.#context);
    this.#reads = new ReadPipeline({
      provider,
      cache: this.#cache,
      freshness,
      caller: this.#caller,
      keys,
      stats: this.#stats,
      lease,
      backoff: backoff && new ErrorBackoff(backoff),
    });
    const reads = this.#reads;
    this.#many = {
      provider: this.#name,
      check: (path, opts) => reads.check(path, opts),
      checkOptions: (opts) => void parseOptions('get', opts, provider.options?.get, { provider: this.#name, path: '' }),
      get: (path, opts) => reads.get(path, opts),
    };
  }

  /** The provider name, such as `aws.ps`. */
  get providerName(): string {
    return this.#name;
  }

  /**
   * Reads one secret, from the cache when fresh.
   *
   * @example
   * ```ts
   * const password = await client.get<string>('prod/db', { keypath: ['password'] });
   * ```
   */
  get<Value = InferredValue>(path: string): Promise<[NoInfer<Value>] extends [InferredValue] ? SecretValue : NoInfer<Value>>;
  get<Value = InferredValue, Options extends GetOptions<Types> = GetOptions<Types>>(
    path: string,
    options?: Options & NoExtraOptions<Options, GetOptions<Types>>,
  ): Promise<ReadValue<NoInfer<Value>, Options>>;
  get(path: string, options?: GetOptions<Types>): Promise<unknown> {
    return this.#reads.get(path, options as RuntimeOptions);
  }

  /**
   * Reads many secrets in one go, as Powertools' `getParametersByName` does: the reads are
   * issued together, so they are batched (aws.ps: 10 names a `GetParameters` call; aws.sm: 20 a
   * `BatchGetSecretValue`) and single-flighted, and cached names are answered from the cache.
   * Returns an object keyed by path. Each path may have its own options. A failed path throws
   * (the first in the order given, once all reads are done), or with `throwOnError: false` is
   * returned beside the values.
   *
   * @example
   * ```ts
   * const config = await client.getMany(['/app/db/host', '/app/db/port']);
   * const picked = await client.getMany({ '/app/db': { keypath: ['password'] }, '/app/flag': { maxAge: '5s' } });
   * const { values, errors } = await client.getMany(['/a', '/maybe'], { throwOnError: false });
   * ```
   */
  getMany<T = SecretValue>(paths: ManyPaths, options?: GetManyOptions & { throwOnError?: true }): Promise<Readonly<Record<string, T>>>;
  getMany<T = SecretValue>(paths: ManyPaths, options: GetManyOptions & { throwOnError: false }): Promise<ManyResult<T>>;
  getMany<T = SecretValue>(paths: ManyPaths, options?: GetManyOptions): Promise<Readonly<Record<string, T>> | ManyResult<T>>;
  getMany(paths: ManyPaths, options?: GetManyOptions): Promise<Readonly<Record<string, unknown>> | ManyResult<unknown>> {
    return readMany(this.#many, paths, options);
  }

  /**
   * Calls `listener` once per new version of a secret (see `docs/rotation.md`); without a
   * listener, an async iterable of them. Polls every path watched together, once per `interval`.
   *
   * @example
   * ```ts
   * const unwatch = client.watch('prod/db', (secret) => pool.reconnect(secret), { interval: '30s' });
   * for await (const { value } of client.watch('/app/flag')) apply(value);
   * ```
   */
  readonly watch: WatchMethod<Types> = ((path: string, listener?: unknown, options?: unknown) => {
    this.#watches ??= new WatchSet(this, {
      subjectOf: (at, read) => ((r) => r.subject ?? r.path)(this.#normalize('get', at, this.#parse('get', at, read).provider)),
      keysOf: (subject) => this.#keys.variants(subject),
      cache: this.#cache?.adapter,
    });
    return this.#watches.watch(path, listener, options);
  }) as WatchMethod<Types>;

  /**
   * Reads every secret under a path: a plain object keyed by full name, values decoded.
   *
   * @example
   * ```ts
   * await client.getByPath('/prod/app'); // { '/prod/app/a': '1', '/prod/app/b': { x: 1 } }
   * ```
   */
  getByPath<Value = InferredValue>(
    path: string,
  ): Promise<Readonly<Record<string, [NoInfer<Value>] extends [InferredValue] ? SecretValue : NoInfer<Value>>>>;
  getByPath<Value = InferredValue, Options extends GetByPathOptions<Types> = GetByPathOptions<Types>>(
    path: string,
    options?: Options & NoExtraOptions<Options, GetByPathOptions<Types>>,
  ): Promise<Readonly<Record<string, ListValue<NoInfer<Value>, Options>>>>;
  getByPath(path: string, options?: GetByPathOptions<Types>): Promise<Readonly<Record<string, unknown>>> {
    if (typeof this.#provider.list !== 'function') {
      try {
        checkPath(path, this.#name);
        throw new UnsupportedError('listing is not supported', { provider: this.#name, path });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#reads.list(path, options as RuntimeOptions) as Promise<Record<string, unknown>>;
  }

  /**
   * Whether a secret exists at the path (or, for hierarchical providers, under it). With a
   * `keypath`, whether that key exists in the decoded value. Not-found is `false`; every other
   * failure throws.
   *
   * @example
   * ```ts
   * if (!(await client.pathExists('/prod/app'))) console.log('not provisioned yet');
   * ```
   */
  async pathExists(path: string, options?: ExistsOptions<Types>): Promise<boolean> {
    const parsed = this.#parse('exists', path, options);
    if (parsed.keypath !== undefined || typeof this.#provider.exists !== 'function') {
      try {
        await this.#reads.get(path, { ...parsed.provider, keypath: parsed.keypath ?? [] });
        return true;
      } catch (error) {
        if (isCofferError(error, 'SECRET_NOT_FOUND') || (parsed.keypath?.length && isCofferError(error, 'DECODE_ERROR'))) return false;
        throw error;
      }
    }
    return this.#caller.exists(this.#normalize('exists', path, parsed.provider));
  }

  /**
   * Writes a secret, then drops every cached entry that could hold the old value.
   *
   * @example
   * ```ts
   * await client.update('/prod/app/flag', 'on');
   * await client.update('/prod/app/new', 'x', { create: true });
   * ```
   */
  async update(path: string, value: SecretInput, options?: UpdateOptions<Types>): Promise<void> {
    const parsed = this.#parse('update', path, options);
    checkUpdateValue(value, { provider: this.#name, path });
    if (typeof this.#provider.update !== 'function') throw new UnsupportedError('update is not supported', { provider: this.#name, path });
    const request = this.#normalize('update', path, parsed.provider);
    try {
      await this.#caller.update({ ...request, value, create: parsed.create });
    } finally {
      await this.#reads.invalidate(request.subject ?? request.path, 'delete');
    }
  }

  /**
   * Marks the cached values of `path` (of everything, without a path) as expired: the next read
   * fetches, and can still fall back to them if the backend fails.
   *
   * @example
   * ```ts
   * await client.refresh('/prod/db/password');
   * ```
   */
  async refresh(path?: string): Promise<void> {
    if (path === undefined) return this.#reads.invalidateAll('expire');
    checkPath(path, this.#name);
    const request = this.#normalize('get', path, {});
    await this.#reads.invalidate(request.subject ?? request.path, 'expire');
  }

  /**
   * Drops every cached value of this client.
   *
   * @example
   * ```ts
   * await client.clear();
   * ```
   */
  async clear(): Promise<void> {
    await this.#reads.invalidateAll('delete', this.#ownsCache);
  }

  /**
   * The client's counters.
   *
   * @example
   * ```ts
   * const { hits, misses, stale, apiCalls } = client.stats();
   * ```
   */
  stats(): ClientStats & { cache: string } {
    return { ...this.#stats, cache: this.#cache?.adapter.name ?? 'none' };
  }

  /**
   * Closes the provider and, when the client made it, the cache (after its writes have landed).
   *
   * @example
   * ```ts
   * await client.close();
   * ```
   */
  async close(): Promise<void> {
    this.#watches?.close();
    await this.#provider.close?.();
    await this.#cache?.settled();
    if (this.#ownsCache) await this.#cache?.adapter.close?.();
  }

  [inspect.custom](): string {
    return `CofferClient { provider: '${this.#name}', cache: '${this.#cache?.adapter.name ?? 'none'}', stats: ${inspect(this.#stats)} }`;
  }

  #parse(operation: OptionOperation, path: unknown, options: unknown): ParsedOptions {
    checkPath(path, this.#name);
    return parseOptions(operation, options, this.#provider.options?.[operation], { provider: this.#name, path });
  }

  #normalize(operation: Operation, path: string, options: Readonly<Record<string, unknown>>): NormalizedRequest {
    return this.#provider.normalize ? this.#provider.normalize(operation, path, options) : { path, options };
  }
}

/**
 * Makes a caching client over any provider.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }), cache: memoryCache({ ttl: '1m' }) });
 * ```
 */
export function createClient<Types extends ProviderTypes>(options: CreateClientOptions<Types>): CofferClient<Types> {
  return new CofferClient(options);
}
