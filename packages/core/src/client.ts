import { inspect } from 'node:util';
import type { ClientStats, CreateClientOptions } from './client-options.js';
import { ClientWrites } from './client-writes.js';
import { ValidationError } from './errors.js';
import { type GetManyOptions, type ManyPaths, type ManyResult, readMany } from './get-many.js';
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
import type { Provider, SecretInput } from './provider.js';
import type { ProviderTypes } from './provider-types.js';
import type { SecretValue } from './secret-value.js';
import { clientParts, type GuardedCache, HELD, ReadPipeline, type ReadStats } from './read/index.js';
import { WatchSet } from './watch/watch-set.js';
import type { WatchMethod } from './watch/watch-types.js';

/**
 * A caching client over one provider: the same class `ParameterStore`, `SecretsManager` and
 * `createClient` give. Reads go through its read pipeline (see docs/architecture.md); writes go
 * to the provider, then invalidate what they changed.
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
  readonly #cache: GuardedCache | undefined;
  readonly #ownsCache: boolean;
  readonly #writes: ClientWrites;
  readonly #reads: ReadPipeline;
  readonly #stats: ReadStats;
  #watches: WatchSet | undefined;

  constructor(options: CreateClientOptions<Types>) {
    const provider = options?.provider;
    if (!provider || typeof provider.name !== 'string' || (typeof provider.get !== 'function' && typeof provider.getMany !== 'function')) {
      throw new ValidationError('provider must have a name and a get or getMany operation');
    }
    this.#provider = provider;
    const parts = clientParts(provider, options);
    this.#stats = parts.stats;
    this.#cache = parts.cache;
    this.#ownsCache = parts.ownsCache;
    this.#reads = new ReadPipeline(parts);
    this.#writes = new ClientWrites(provider, parts.caller, this.#reads);
  }

  /** The provider name, such as `aws.ps`. */
  get providerName(): string {
    return this.#provider.name;
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
    return this.#reads.get(path, options as Readonly<Record<string, unknown>>);
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
    return readMany(this.#reads.many, paths, options);
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
      subjectOf: (at, read) => this.#reads.subjectOf(at, read),
      keysOf: (subject) => this.#reads.keysOf(subject),
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
    return this.#reads.list(path, options as Readonly<Record<string, unknown>>) as Promise<Record<string, unknown>>;
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
  pathExists(path: string, options?: ExistsOptions<Types>): Promise<boolean> {
    return this.#writes.exists(path, options);
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
  update(path: string, value: SecretInput, options?: UpdateOptions<Types>): Promise<void> {
    return this.#writes.update(path, value, options);
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
  refresh(path?: string): Promise<void> {
    return this.#writes.refresh(path);
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
    return { ...this.#stats.counts, cache: this.#cache?.adapter.name ?? 'none' };
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
    await this.#reads.settled();
    if (this.#ownsCache) await this.#cache?.adapter.close?.();
  }

  /** How many entries each per-key structure of the read path holds (for tests of their bounds). */
  [HELD](): Readonly<Record<string, number>> {
    return this.#reads.held();
  }

  [inspect.custom](): string {
    return `CofferClient { provider: '${this.#provider.name}', cache: '${this.#cache?.adapter.name ?? 'none'}', stats: ${inspect(this.#stats.counts)} }`;
  }
}
