import { inspect } from 'node:util';
import type { CacheAdapter, CacheEntry } from './cache-adapter';
import { ancestors, CacheIndex } from './cache-index';
import { decodeValue, type Keypath, type SecretValue, walkKeypath } from './decode';
import { type Duration, parseDuration } from './duration';
import { defaultCache } from './env-config';
import { isCofferError, SecretNotFoundError, UnsupportedError, ValidationError } from './errors';
import { deepFreeze } from './freeze';
import { MicroBatcher } from './micro-batch';
import {
  type ExistsOptions,
  type GetByPathOptions,
  type GetOptions,
  type OptionOperation,
  optionsKey,
  type ParsedOptions,
  parseOptions,
  type UpdateOptions,
} from './options';
import { SingleFlight } from './single-flight';
import { checkUpdateValue, projectValue, servesStale, wrapProviderError } from './outcome';
import type { CallContext, NormalizedRequest, Operation, Provider, RawSecret, ReadRequest, SecretInput } from './provider';
import { now as clockNow } from './clock';

/** Options of {@link createClient}, shared by every provider class such as `ParameterStore`. */
export interface ClientOptions {
  /**
   * Where values are cached; `false` for no cache. When absent, `COFFER_CACHE` decides
   * (memory by default: 1000 entries, 15 minutes).
   */
  cache?: CacheAdapter | false;
  /**
   * How long a fetched value stays fresh.
   * @default the cache's ttl, else '15m'
   */
  ttl?: Duration;
  /**
   * How long past its expiry a value may still be served while the backend fails for a
   * transient reason (network, timeout, throttling, 5xx); `false` to never serve stale values.
   * @default '24h'
   */
  staleIfError?: Duration | false;
  /**
   * Refresh a value in the background when a read finds it this far into its ttl (a fraction,
   * `true` meaning 0.8), so that hot secrets never expire in front of a caller.
   * @default false
   */
  refreshAhead?: boolean | number;
}

/** Options of {@link createClient}: a provider plus the client options. */
export interface CreateClientOptions extends ClientOptions {
  /** The provider to read from. */
  provider: Provider;
}

/** Counters of one client, see {@link CofferClient.stats}. */
export interface ClientStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Reads that had to fetch (including the ones then answered stale). */
  misses: number;
  /** Reads answered with an expired value because the backend failed. */
  stale: number;
  /** Backend requests made, as the provider reported them. */
  apiCalls: number;
  /** Fetches that failed (not-found included). */
  errors: number;
  /** Background refreshes started by `refreshAhead`. */
  refreshes: number;
}

interface Prepared {
  readonly operation: Operation;
  readonly key: string;
  readonly request: NormalizedRequest;
  readonly subject: string;
  readonly parsed: ParsedOptions;
}

const DEFAULT_TTL = 15 * 60_000;
const DEFAULT_STALE = 24 * 3_600_000;
const MEMO_LIMIT = 10_000;
const NO_OPTIONS = parseOptions('get', undefined, undefined, { provider: '', path: '' });
const CLIENT_OPTION_NAMES = ['cache', 'ttl', 'staleIfError', 'refreshAhead'] as const;

/**
 * Splits constructor options into the client's (cache, ttl, staleIfError, refreshAhead) and the
 * provider's (everything else).
 *
 * @example
 * ```ts
 * const { client, provider } = splitClientOptions({ region: 'eu-west-1', ttl: '5m' });
 * ```
 */
export function splitClientOptions<T extends ClientOptions>(
  options: T = {} as T,
): { client: ClientOptions; provider: Omit<T, keyof ClientOptions> } {
  const client: Record<string, unknown> = {};
  const provider: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const name of CLIENT_OPTION_NAMES) {
    if (name in provider) client[name] = provider[name];
    delete provider[name];
  }
  return { client: client as ClientOptions, provider: provider as Omit<T, keyof ClientOptions> };
}

/** Whether the only option is a well-formed keypath (the common cached read by key). */
function isKeypathOnly(options: GetOptions): boolean {
  for (const name in options) if (name !== 'keypath') return false;
  const { keypath } = options;
  if (!Array.isArray(keypath)) return false;
  for (const key of keypath) if (typeof key !== 'string' && !(Number.isInteger(key) && key >= 0)) return false;
  return true;
}

function checkPath(path: unknown, provider: string): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) throw new ValidationError('path must be a non-empty string', { provider });
  if (path.length > 2048) throw new ValidationError('path is longer than 2048 characters', { provider });
}

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
  readonly #cache: CacheAdapter | undefined;
  readonly #peek: ((key: string) => CacheEntry | undefined) | undefined;
  readonly #ownsCache: boolean;
  readonly #ttl: number;
  readonly #staleMs: number;
  readonly #refreshAt: number;
  readonly #memo = new Map<string, Prepared>();
  /** Prepared plain reads (no options) by path: the hot path's one lookup. */
  readonly #plain = new Map<string, Prepared>();
  readonly #flight = new SingleFlight<CacheEntry>();
  readonly #index = new CacheIndex();
  readonly #batcher: MicroBatcher | undefined;
  readonly #stats: ClientStats = { hits: 0, misses: 0, stale: 0, apiCalls: 0, errors: 0, refreshes: 0 };
  readonly #context: CallContext = {
    countApiCall: (count = 1) => {
      this.#stats.apiCalls += count;
    },
  };
  #generation = 0;
  #warnedCache = false;

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
    this.#cache = cache === false ? undefined : cache;
    this.#peek = this.#cache?.peek?.bind(this.#cache);
    this.#ttl = options.ttl === undefined ? (this.#cache?.ttl ?? DEFAULT_TTL) : parseDuration(options.ttl, 'ttl');
    this.#staleMs = options.staleIfError === false ? 0 : parseDuration(options.staleIfError ?? DEFAULT_STALE, 'staleIfError');
    const ahead = options.refreshAhead === true ? 0.8 : (options.refreshAhead ?? 0);
    if (ahead !== false && (typeof ahead !== 'number' || ahead < 0 || ahead >= 1)) {
      throw new ValidationError('refreshAhead must be a boolean or a fraction between 0 and 1');
    }
    this.#refreshAt = ahead === false ? 0 : ahead;
    if (typeof provider.getMany === 'function' && (provider.maxBatchSize ?? 1) > 1) {
      this.#batcher = new MicroBatcher(
        { getMany: provider.getMany.bind(provider), maxBatchSize: provider.maxBatchSize ?? 1 },
        this.#context,
        (error, request) => wrapProviderError(error, this.#name, request.path),
      );
    }
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
    // The hot path: a fresh entry in a synchronous (memory) cache, read plainly or by keypath.
    const plain = this.#peek !== undefined && this.#refreshAt === 0 ? this.#plain.get(path) : undefined;
    if (plain !== undefined && (options === undefined || isKeypathOnly(options))) {
      try {
        const entry = this.#peek!(plain.key);
        if (entry !== undefined && clockNow() < entry.expiresAt) {
          let value = entry.value;
          if (options !== undefined) value = walkKeypath(value, options.keypath as Keypath, { provider: this.#name, path });
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
      if (parsed.providerKey === '' && parsed.decode === 'auto' && this.#plain.size < MEMO_LIMIT) this.#plain.set(path, prepared);
      if (parsed.forceFetch) return this.#fetch(prepared, undefined) as Promise<T>;
      const found = this.#lookup(prepared.key);
      if (found instanceof Promise) return found.then((entry) => this.#answer(prepared, entry)) as Promise<T>;
      return this.#answer(prepared, found) as Promise<T>;
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
      return Promise.resolve(this.#lookup(prepared.key)).then((entry) => this.#answer(prepared, entry)) as Promise<Record<string, T>>;
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
    const request = this.#normalize('exists', path, parsed.provider);
    try {
      return await this.#provider.exists(request, this.#context);
    } catch (error) {
      throw wrapProviderError(error, this.#name, path);
    }
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
      await this.#provider.update({ ...request, value, create: parsed.create }, this.#context);
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
      await this.#expire(this.#index.takeAll(), 'expire');
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
    this.#plain.clear();
    const keys = this.#index.takeAll();
    if (this.#cache && this.#ownsCache) await this.#cache.clear();
    else await this.#expire(keys, 'delete');
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
    return { ...this.#stats, cache: this.#cache?.name ?? 'none' };
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
    if (this.#ownsCache) await this.#cache?.close?.();
  }

  [inspect.custom](): string {
    return `CofferClient { provider: '${this.#name}', cache: '${this.#cache?.name ?? 'none'}', stats: ${inspect(this.#stats)} }`;
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

  #lookup(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    if (!this.#cache) return undefined;
    try {
      const found = this.#cache.get(key);
      return found instanceof Promise ? found.catch((error) => this.#cacheFailed(error)) : found;
    } catch (error) {
      return this.#cacheFailed(error);
    }
  }

  #answer(prepared: Prepared, entry: CacheEntry | undefined): Promise<unknown> {
    if (entry !== undefined) {
      const now = clockNow();
      const { maxAgeMs } = prepared.parsed;
      if (maxAgeMs === undefined ? now < entry.expiresAt : now - entry.storedAt < maxAgeMs && entry.expiresAt > entry.storedAt) {
        this.#stats.hits++;
        if (this.#refreshAt > 0 && now - entry.storedAt >= this.#refreshAt * (entry.expiresAt - entry.storedAt)) {
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
        if (expired && servesStale(error, expired, this.#staleMs, clockNow())) {
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
        value = prepared.operation === 'list' ? await this.#fetchListing(prepared) : await this.#fetchOne(prepared);
      } catch (error) {
        this.#stats.errors++;
        throw error;
      }
      const now = clockNow();
      const ttl = prepared.parsed.maxAgeMs ?? this.#ttl;
      const entry: CacheEntry = { value: deepFreeze(value), storedAt: now, expiresAt: now + ttl };
      if (this.#cache && generation === this.#generation) await this.#store(prepared, entry, ttl);
      return entry;
    });
  }

  async #fetchOne(prepared: Prepared): Promise<unknown> {
    const { request } = prepared;
    let raw: RawSecret | undefined;
    if (this.#batcher) {
      raw = await this.#batcher.load(request, optionsKey(request.options));
    } else {
      try {
        if (typeof this.#provider.get === 'function') raw = await this.#provider.get(request, this.#context);
        else {
          const [result] = await this.#provider.getMany!([request], this.#context);
          if (result instanceof Error) throw result;
          raw = result;
        }
      } catch (error) {
        throw wrapProviderError(error, this.#name, request.path);
      }
    }
    if (raw === undefined) throw new SecretNotFoundError('Secret not found', { provider: this.#name, path: request.path });
    return decodeValue(raw, prepared.parsed.decode, { provider: this.#name, path: request.path });
  }

  async #fetchListing(prepared: Prepared): Promise<unknown> {
    const { request, parsed } = prepared;
    let listing: Record<string, RawSecret>;
    try {
      listing = await this.#provider.list!({ ...request, recursive: parsed.recursive }, this.#context);
    } catch (error) {
      throw wrapProviderError(error, this.#name, request.path);
    }
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(listing)) out[name] = decodeValue(raw, parsed.decode, { provider: this.#name, path: name });
    return out;
  }

  async #store(prepared: Prepared, entry: CacheEntry, ttl: number): Promise<void> {
    if (prepared.operation === 'list') this.#index.addListing(prepared.request.path, prepared.key);
    else this.#index.addRead(prepared.subject, prepared.key);
    try {
      await this.#cache!.set(prepared.key, entry, ttl + this.#staleMs);
    } catch (error) {
      this.#cacheFailed(error);
    }
  }

  /** Every key that may hold a value of `subject`: the ones this client stored, and the usual variants another process may have stored in a shared cache. */
  async #invalidate(subject: string, mode: 'delete' | 'expire'): Promise<void> {
    this.#generation++;
    const keys = new Set(this.#index.take(subject));
    const variants = (operation: 'get' | 'list', path: string, shapes: string[]) => {
      const booleans = Object.entries(this.#provider.options?.[operation] ?? {}).filter(([, type]) => type === 'boolean');
      let combos: Record<string, unknown>[] = [{}];
      for (const [name] of booleans) combos = combos.flatMap((combo) => [combo, { ...combo, [name]: true }, { ...combo, [name]: false }]);
      for (const combo of combos) {
        let request: NormalizedRequest;
        try {
          request = this.#normalize(operation, path, combo);
        } catch {
          continue;
        }
        for (const shape of shapes) for (const decode of ['auto', 'json', 'raw']) keys.add(this.#key(operation, shape, decode, request));
      }
    };
    variants('get', subject, ['']);
    if (this.#provider.list) for (const prefix of ancestors(subject)) variants('list', prefix, ['r', 'n']);
    await this.#expire([...keys], mode);
  }

  async #expire(keys: readonly string[], mode: 'delete' | 'expire'): Promise<void> {
    const cache = this.#cache;
    if (!cache) return;
    await Promise.all(
      keys.map(async (key) => {
        try {
          if (mode === 'delete') return await cache.delete(key);
          const entry = await cache.get(key);
          if (entry)
            await cache.set(key, { ...entry, expiresAt: entry.storedAt }, Math.max(1, entry.storedAt + this.#staleMs - clockNow()));
        } catch (error) {
          this.#cacheFailed(error);
        }
      }),
    );
  }

  #cacheFailed(error: unknown): undefined {
    if (!this.#warnedCache) {
      this.#warnedCache = true;
      process.emitWarning(
        `coffer: the ${this.#cache?.name ?? ''} cache failed (${(error as Error)?.name ?? 'error'}); reading without it`,
        'CofferWarning',
      );
    }
    return undefined;
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
