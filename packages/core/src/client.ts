import { inspect } from 'node:util';
import type { CacheEntry } from './cache-adapter';
import { CacheIndex } from './cache-index';
import { type ClientStats, type ClientTimings, type CreateClientOptions, clientTimings } from './client-options';
import { now as clockNow } from './clock';
import { type SecretValue, walkKeypath } from './decode';
import { defaultCache } from './env-config';
import { isCofferError, UnsupportedError, ValidationError } from './errors';
import { deepFreeze } from './freeze';
import { DECODE_MODES, variantsOf } from './invalidation';
import {
  checkPath,
  type ExistsOptions,
  type GetByPathOptions,
  type GetOptions,
  isKeypath,
  type OptionOperation,
  optionsKey,
  type ParsedOptions,
  parseOptions,
  type UpdateOptions,
} from './options';
import { checkUpdateValue, projectValue, servesStale } from './outcome';
import type { CallContext, NormalizedRequest, Operation, Provider, ReadRequest, SecretInput } from './provider';
import { ProviderCaller } from './provider-caller';
import { ReadMemo } from './read-memo';
import { SingleFlight } from './single-flight';
import { GuardedCache } from './guarded-cache';

interface Prepared {
  readonly operation: Operation;
  readonly key: string;
  readonly request: NormalizedRequest;
  readonly subject: string;
  readonly parsed: ParsedOptions;
}

const MEMO_LIMIT = 10_000;
const NO_OPTIONS = parseOptions('get', undefined, undefined, { provider: '', path: '' });

/**
 * A caching client over one provider: the same class `ParameterStore`, `SecretsManager` and
 * {@link createClient} give. Reads go cache → single flight → micro-batch → provider.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
 * await client.get('/a'); // 'x'
 * client.stats();         // { hits: 0, misses: 1, stale: 0, apiCalls: 1, ... }
 * ```
 */
export class CofferClient {
  readonly #provider: Provider;
  readonly #name: string;
  readonly #namespace: string;
  readonly #cache: GuardedCache | undefined;
  readonly #peek: ((key: string) => CacheEntry | undefined) | undefined;
  readonly #ownsCache: boolean;
  readonly #timings: ClientTimings;
  readonly #memo = new Map<string, Prepared>();
  /** Checked, normalised reads, by path and options: the hot path's one lookup. */
  readonly #reads = new ReadMemo<Prepared>();
  readonly #flight = new SingleFlight<CacheEntry>();
  readonly #index = new CacheIndex();
  readonly #caller: ProviderCaller;
  readonly #stats: ClientStats = { hits: 0, misses: 0, stale: 0, apiCalls: 0, errors: 0, refreshes: 0 };
  readonly #context: CallContext = {
    countApiCall: (count = 1) => {
      this.#stats.apiCalls += count;
    },
  };
  #generation = 0;

  constructor(options: CreateClientOptions) {
    const provider = options?.provider;
    if (!provider || typeof provider.name !== 'string' || (typeof provider.get !== 'function' && typeof provider.getMany !== 'function')) {
      throw new ValidationError('provider must have a name and a get or getMany operation');
    }
    this.#provider = provider;
    this.#name = provider.name;
    this.#namespace = `${provider.name}\u0000${provider.scope ?? ''}`;
    this.#ownsCache = options.cache === undefined;
    const cache = options.cache === undefined ? defaultCache(this.#namespace) : options.cache;
    this.#cache = cache === false ? undefined : new GuardedCache(cache);
    this.#peek = cache === false ? undefined : cache.peek?.bind(cache);
    this.#timings = clientTimings(options, this.#cache?.adapter);
    this.#caller = new ProviderCaller(provider, this.#context);
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
  get<T = SecretValue>(path: string, options?: GetOptions): Promise<T> {
    // The hot path: a read seen before, of a fresh entry in a synchronous (memory) cache.
    const known = this.#peek !== undefined ? this.#reads.get(path, options) : undefined;
    if (known !== undefined) {
      try {
        const keypath = options?.keypath;
        const entry = keypath === undefined || isKeypath(keypath) ? this.#peek!(known.key) : undefined;
        if (entry !== undefined && clockNow() < this.#servedUntil(entry, known.parsed.maxAgeMs)) {
          const value = keypath === undefined ? entry.value : walkKeypath(entry.value, keypath, { provider: this.#name, path });
          this.#stats.hits++;
          return Promise.resolve((value instanceof Uint8Array ? value.slice() : value) as T);
        }
      } catch {
        // A missing key, a bad keypath or a failing cache: the full path below says which.
      }
    }
    try {
      const parsed = options === undefined ? NO_OPTIONS : this.#parse('get', path, options);
      const prepared = this.#prepare('get', path, parsed);
      this.#reads.set(path, options, prepared);
      if (parsed.forceFetch) return this.#fetch(prepared, undefined) as Promise<T>;
      const found = this.#cache?.get(prepared.key);
      if (!(found instanceof Promise)) return this.#answer(prepared, found) as Promise<T>;
      // A miss found asynchronously still joins the batch of the reads issued with it.
      this.#caller.hold();
      return found.then((entry) => {
        try {
          return this.#answer(prepared, entry);
        } finally {
          this.#caller.release();
        }
      }) as Promise<T>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Reads every secret under a path: a plain object keyed by full name, values decoded.
   *
   * @example
   * ```ts
   * await client.getByPath('/prod/app'); // { '/prod/app/a': '1', '/prod/app/b': { x: 1 } }
   * ```
   */
  getByPath<T = SecretValue>(path: string, options?: GetByPathOptions): Promise<Readonly<Record<string, T>>> {
    try {
      if (typeof this.#provider.list !== 'function') throw new UnsupportedError('listing is not supported', { provider: this.#name, path });
      const prepared = this.#prepare('list', path, this.#parse('list', path, options));
      if (prepared.parsed.forceFetch) return this.#fetch(prepared, undefined) as Promise<Record<string, T>>;
      return Promise.resolve(this.#cache?.get(prepared.key)).then((entry) => this.#answer(prepared, entry)) as Promise<Record<string, T>>;
    } catch (error) {
      return Promise.reject(error);
    }
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
  async pathExists(path: string, options?: ExistsOptions): Promise<boolean> {
    const parsed = this.#parse('exists', path, options);
    if (parsed.keypath !== undefined || typeof this.#provider.exists !== 'function') {
      try {
        await this.get(path, { ...parsed.provider, keypath: parsed.keypath ?? [] });
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
  async update(path: string, value: SecretInput, options?: UpdateOptions): Promise<void> {
    const parsed = this.#parse('update', path, options);
    checkUpdateValue(value, { provider: this.#name, path });
    if (typeof this.#provider.update !== 'function') throw new UnsupportedError('update is not supported', { provider: this.#name, path });
    const request = this.#normalize('update', path, parsed.provider);
    try {
      await this.#caller.update({ ...request, value, create: parsed.create });
    } finally {
      await this.#invalidate(request.subject ?? request.path, 'delete');
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
    if (path === undefined) {
      this.#generation++;
      await this.#cache?.drop(this.#index.takeAll(), 'expire', this.#timings.staleMs);
      return;
    }
    checkPath(path, this.#name);
    const request = this.#normalize('get', path, {});
    await this.#invalidate(request.subject ?? request.path, 'expire');
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
    this.#generation++;
    this.#memo.clear();
    this.#reads.clear();
    const keys = this.#index.takeAll();
    if (this.#cache && this.#ownsCache) await this.#cache.adapter.clear();
    else await this.#cache?.drop(keys, 'delete', 0);
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
   * Closes the provider and, when the client made it, the cache.
   *
   * @example
   * ```ts
   * await client.close();
   * ```
   */
  async close(): Promise<void> {
    await this.#provider.close?.();
    if (this.#ownsCache) await this.#cache?.adapter.close?.();
  }

  [inspect.custom](): string {
    return `CofferClient { provider: '${this.#name}', cache: '${this.#cache?.adapter.name ?? 'none'}', stats: ${inspect(this.#stats)} }`;
  }

  /** Until when `entry` is fresh: its expiry, or `maxAge` after it was stored (unless it was refreshed). */
  #freshUntil(entry: CacheEntry, maxAgeMs: number | undefined): number {
    if (maxAgeMs === undefined) return entry.expiresAt;
    return entry.expiresAt > entry.storedAt ? entry.storedAt + maxAgeMs : 0;
  }

  /** Until when the hot path may serve `entry`: while fresh and not due for a refresh-ahead. */
  #servedUntil(entry: CacheEntry, maxAgeMs: number | undefined): number {
    const fresh = this.#freshUntil(entry, maxAgeMs);
    return this.#timings.refreshAt === 0 ? fresh : Math.min(fresh, this.#refreshDue(entry));
  }

  /** When a hit on `entry` starts a background refresh (with `refreshAhead`). */
  #refreshDue(entry: CacheEntry): number {
    return entry.storedAt + this.#timings.refreshAt * (entry.expiresAt - entry.storedAt);
  }

  #parse(operation: OptionOperation, path: unknown, options: unknown): ParsedOptions {
    checkPath(path, this.#name);
    return parseOptions(operation, options, this.#provider.options?.[operation], { provider: this.#name, path });
  }

  #normalize(operation: Operation, path: string, options: Readonly<Record<string, unknown>>): NormalizedRequest {
    return this.#provider.normalize ? this.#provider.normalize(operation, path, options) : { path, options };
  }

  #prepare(operation: 'get' | 'list', path: string, parsed: ParsedOptions): Prepared {
    checkPath(path, this.#name);
    const shape = operation === 'list' ? (parsed.recursive ? 'r' : 'n') : '';
    const memoKey = `${operation}${shape}\u0000${parsed.decode}\u0000${parsed.providerKey}\u0000${path}`;
    const memo = this.#memo.get(memoKey);
    if (memo) return memo.parsed === parsed ? memo : { ...memo, parsed };
    const request = this.#normalize(operation, path, parsed.provider);
    const prepared: Prepared = {
      operation,
      key: this.#key(operation, shape, parsed.decode, request),
      request,
      subject: request.subject ?? request.path,
      parsed,
    };
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
    this.#memo.set(memoKey, prepared);
    return prepared;
  }

  #key(operation: Operation, shape: string, decode: string, request: ReadRequest): string {
    return `${this.#namespace}\u0000${operation}${shape}\u0000${decode}\u0000${optionsKey(request.options)}\u0000${request.path}`;
  }

  #answer(prepared: Prepared, entry: CacheEntry | undefined): Promise<unknown> {
    if (entry !== undefined) {
      const now = clockNow();
      if (now < this.#freshUntil(entry, prepared.parsed.maxAgeMs)) {
        this.#stats.hits++;
        if (this.#timings.refreshAt > 0 && now >= this.#refreshDue(entry)) {
          this.#stats.refreshes++;
          this.#load(prepared).catch(() => undefined);
        }
        try {
          return Promise.resolve(projectValue(entry.value, prepared.parsed, this.#name, prepared.request.path));
        } catch (error) {
          return Promise.reject(error);
        }
      }
    }
    return this.#fetch(prepared, entry);
  }

  #fetch(prepared: Prepared, expired: CacheEntry | undefined): Promise<unknown> {
    this.#stats.misses++;
    const { parsed } = prepared;
    return this.#load(prepared).then(
      (entry) => projectValue(entry.value, parsed, this.#name, prepared.request.path),
      (error: unknown) => {
        if (expired && servesStale(error, expired, this.#timings.staleMs, clockNow())) {
          this.#stats.stale++;
          return projectValue(expired.value, parsed, this.#name, prepared.request.path);
        }
        if (parsed.hasDefault && isCofferError(error, 'SECRET_NOT_FOUND')) return parsed.defaultValue;
        throw error;
      },
    );
  }

  #load(prepared: Prepared): Promise<CacheEntry> {
    return this.#flight.run(prepared.key, async () => {
      const generation = this.#generation;
      let value: unknown;
      try {
        const { request, parsed } = prepared;
        value =
          prepared.operation === 'list'
            ? await this.#caller.list({ ...request, recursive: parsed.recursive }, parsed.decode)
            : await this.#caller.get(request, parsed.decode);
      } catch (error) {
        this.#stats.errors++;
        throw error;
      }
      const now = clockNow();
      const ttl = prepared.parsed.maxAgeMs ?? this.#timings.ttl;
      const entry: CacheEntry = { value: deepFreeze(value), storedAt: now, expiresAt: now + ttl };
      if (this.#cache && generation === this.#generation) {
        if (prepared.operation === 'list') this.#index.addListing(prepared.request.path, prepared.key);
        else this.#index.addRead(prepared.subject, prepared.key);
        await this.#cache.set(prepared.key, entry, ttl + this.#timings.staleMs);
      }
      return entry;
    });
  }

  /**
   * Drops (or expires) every key that may hold a value of `subject`: the ones this client stored,
   * and the usual variants another process may have stored in a shared cache.
   */
  async #invalidate(subject: string, mode: 'delete' | 'expire'): Promise<void> {
    this.#generation++;
    const keys = new Set(this.#index.take(subject));
    for (const { operation, request, shapes } of variantsOf(this.#provider, subject)) {
      for (const shape of shapes) for (const decode of DECODE_MODES) keys.add(this.#key(operation, shape, decode, request));
    }
    await this.#cache?.drop([...keys], mode, this.#timings.staleMs);
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
export function createClient(options: CreateClientOptions): CofferClient {
  return new CofferClient(options);
}
