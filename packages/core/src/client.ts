import { inspect } from 'node:util';
import type { ClientStats, CreateClientOptions } from './client-options.js';
import { ClientWrites } from './client-writes.js';
import { type GetManyOptions, type ManyPaths, type ManyResult, readMany } from './get-many.js';
import type { ExistsOptions, GetByPathOptions, GetOptions, InferredValue } from './operation-options.js';
import type { ListValue, NoExtraOptions, ReadValue, UpdateOptions } from './operation-options.js';
import type { SecretInput } from './provider.js';
import type { ProviderTypes } from './provider-types.js';
import type { SecretValue } from './secret-value.js';
import { type ClientParts, clientParts, HELD, ReadPipeline } from './read/index.js';
import { WatchSet } from './watch/watch-set.js';
import type { WatchMethod } from './watch/watch-types.js';

/**
 * A caching client over one provider (what `createClient`, `ParameterStore` and `SecretsManager`
 * give): reads go through its read pipeline (docs/architecture.md); writes invalidate.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
 * await client.get('/a'); // 'x'
 * client.stats();         // { hits: 0, misses: 1, stale: 0, apiCalls: 1, ... }
 * ```
 */
export class CofferClient<Types extends ProviderTypes = ProviderTypes> {
  /** Its provider, cache (and whether it made it), stats and the rest of its read path. */
  readonly #parts: ClientParts;
  readonly #writes: ClientWrites;
  readonly #reads: ReadPipeline;
  #watches: WatchSet | undefined;

  constructor(options: CreateClientOptions<Types>) {
    this.#parts = clientParts(options?.provider, options);
    this.#reads = new ReadPipeline(this.#parts);
    this.#writes = new ClientWrites(this.#parts.provider, this.#parts.caller, this.#reads);
  }

  /** The provider name, such as `aws.ps`. */
  get providerName(): string {
    return this.#parts.provider.name;
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
   * Reads many secrets in one go, batched (aws.ps: 10 names a call; aws.sm: 20) and cached, as
   * Powertools' `getParametersByName` does; an object keyed by path, each with its own options.
   * The first failed path throws once all are done; `throwOnError: false` returns the errors.
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
   * Calls `listener` once per new version of a secret (see `docs/rotation.md`), or yields them;
   * every watched path is polled together, once per `interval`.
   *
   * @example
   * ```ts
   * const unwatch = client.watch('prod/db', (secret) => pool.reconnect(secret), { interval: '30s' });
   * for await (const { value } of client.watch('/app/flag')) apply(value);
   * ```
   */
  readonly watch: WatchMethod<Types> = ((path: string, listener?: unknown, options?: unknown) => {
    this.#watches ??= new WatchSet(this, this.#reads, this.#parts.cache?.adapter);
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
   * Whether a secret exists at the path (hierarchical providers: under it), or with a `keypath`
   * that key in its value. Not-found is `false`; every other failure throws.
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
   * Expires the cached values of `path` (or of everything): the next read fetches, falling back
   * to them if the backend fails.
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
    await this.#reads.invalidateAll('delete', this.#parts.ownsCache);
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
    return { ...this.#parts.stats.counts, cache: this.#parts.cache?.adapter.name ?? 'none' };
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
    await this.#parts.provider.close?.();
    await this.#reads.settled();
    if (this.#parts.ownsCache) await this.#parts.cache?.adapter.close?.();
  }

  /** How many entries each per-key structure of the read path holds (for tests of their bounds). */
  [HELD](): Readonly<Record<string, number>> {
    return this.#reads.held();
  }

  [inspect.custom](): string {
    return `CofferClient { provider: '${this.#parts.provider.name}', cache: '${this.#parts.cache?.adapter.name ?? 'none'}', stats: ${inspect(this.#parts.stats.counts)} }`;
  }
}
