import type { CacheKeys } from '../cache-keys.js';
import { UnsupportedError } from '../errors.js';
import type { ManyReader } from '../get-many.js';
import type { CoreGetByPathOptions, CoreGetOptions } from '../operation-options.js';
import { checkPath, parseOptions } from '../options.js';
import type { Provider } from '../provider.js';
import { Answer } from './answer.js';
import type { Breaker } from './breaker.js';
import type { ProviderCaller } from './caller.js';
import type { Freshness } from './freshness.js';
import type { Gathering } from './gathering.js';
import type { GuardedCache } from './guarded-cache.js';
import { Loader } from './load.js';
import { forgetAnswer, type Prepared, type Read } from './prepared.js';
import { ReadMemo } from './read-memo.js';
import { type LeaseBounds, SharedFlight } from './shared-flight.js';
import type { ReadStats } from './stats.js';
import { Store } from './store.js';

/** The options of a read as the client hands them over: the core's and any provider's, unchecked. */
type GetOptions = CoreGetOptions & { readonly [name: string]: unknown };
type GetByPathOptions = CoreGetByPathOptions & { readonly [name: string]: unknown };

/** What the pipeline is built from; the client makes each piece. */
export interface PipelineParts {
  readonly provider: Provider;
  readonly cache: GuardedCache | undefined;
  readonly freshness: Freshness;
  readonly caller: ProviderCaller;
  readonly keys: CacheKeys;
  readonly stats: ReadStats;
  readonly breaker: Breaker;
  /** Reads still looking in the cache, which batches and lease requests wait for (one hold). */
  readonly gathering: Gathering;
  /** Leases for misses, when the cache is shared; `undefined` to not take any. */
  readonly lease?: LeaseBounds;
  /** How long an expired value that can be served stale waits for its refresh (0: no bound). */
  readonly staleWaitMs: number;
  /** How long a read waits for its value to land in the cache (0: not at all). */
  readonly writeWaitMs: number;
}

/**
 * The read path of a client, composed here and nowhere else: answer → single flight → store →
 * breaker → shared flight → caller (micro-batch, piggyback) → provider. Every read is checked
 * once and remembered (one memo of prepared reads), so a read seen before skips the checks.
 */
export class ReadPipeline {
  readonly #provider: Provider;
  readonly #name: string;
  readonly #cache: GuardedCache | undefined;
  readonly #keys: CacheKeys;
  readonly #memo = new ReadMemo<Prepared>();
  readonly #store: Store;
  readonly #loader: Loader;
  readonly #answer: Answer;
  readonly #stats: ReadStats;
  /** Whether other processes share the cache (their keys are noted, updates leave marks). */
  readonly #shared: boolean;
  readonly #leases: SharedFlight | undefined;
  /** The reads `getMany` makes, checked first (see `get-many.ts`). */
  readonly many: ManyReader;

  constructor(parts: PipelineParts) {
    const { provider, cache, freshness, keys, stats } = parts;
    this.#provider = provider;
    this.#name = provider.name;
    this.#cache = cache;
    this.#keys = keys;
    this.#stats = stats;
    const adapter = cache?.adapter;
    this.#shared = typeof adapter?.publishInvalidation === 'function' || typeof adapter?.takeLeases === 'function';
    const shared = parts.lease && SharedFlight.supports(cache) ? new SharedFlight(cache, parts.lease, parts.gathering) : undefined;
    this.#leases = shared;
    this.#store = new Store(cache, freshness, { writeWaitMs: parts.writeWaitMs, shared: this.#shared, namespace: keys.namespace });
    const store = this.#store;
    this.#loader = new Loader({ ...parts, name: this.#name, store, shared, caching: cache !== undefined });
    const peekable = typeof adapter?.peek === 'function' ? adapter : undefined;
    this.many = {
      provider: this.#name,
      check: (path, options) => this.check(path, options),
      checkOptions: (options) => void parseOptions('get', options, provider.options?.get, { provider: this.#name, path: '' }),
      get: (path, options) => this.get(path, options),
    };
    this.#answer = new Answer({ ...parts, name: this.#name, peekable, memo: this.#memo, store, loader: this.#loader });
  }

  /** Reads one secret (see `CofferClient.get`). */
  get(path: string, options: GetOptions | undefined): Promise<unknown> {
    const hot = this.#answer.hot(path, options);
    if (hot !== undefined) return hot;
    try {
      const read = this.#prepare('get', path, options);
      // Not answered hot: the entry it answered last may be gone, and its value is not kept for it.
      forgetAnswer(read.prepared);
      if (read.parsed.forceFetch) return this.#answer.fetch(read, undefined, 'forced');
      const found = this.#cache?.get(read.prepared.key);
      if (!(found instanceof Promise)) return this.#answer.answer(read, found);
      // A miss found asynchronously still joins the batch (and the leases) of the reads issued with it.
      const release = this.#loader.hold();
      return this.#store.looked(found).then((entry) => {
        try {
          return this.#answer.answer(read, entry);
        } finally {
          release();
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Checks a read's path and options (throwing a `ValidationError`) without reading. */
  check(path: string, options: GetOptions | undefined): void {
    this.#prepare('get', path, options);
  }

  /** Lists the secrets under a path (see `CofferClient.getByPath`); options are checked first. */
  list(path: string, options: GetByPathOptions | undefined): Promise<unknown> {
    try {
      const read = this.#prepare('list', path, options);
      if (typeof this.#provider.list !== 'function') throw new UnsupportedError('listing is not supported', { provider: this.#name, path });
      if (read.parsed.forceFetch) return this.#answer.fetch(read, undefined, 'forced');
      return this.#store.looked(Promise.resolve(this.#cache?.get(read.prepared.key))).then((entry) => this.#answer.answer(read, entry));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Drops (or expires) every key that may hold a value of `subject`: the ones this client stored,
   * and the usual variants another process may have stored in a shared cache. Loads of it begun
   * before are detached (a read issued from now on starts its own) and never store what they
   * fetched.
   */
  async invalidate(subject: string, mode: 'delete' | 'expire'): Promise<void> {
    this.#loader.detach(subject);
    this.#memo.visitReads(subject, forgetAnswer);
    const keys = await this.#store.invalidate(subject, mode, this.#keys.variants(subject));
    this.#stats.invalidated(subject, mode, keys);
  }

  /**
   * Drops (or expires) everything this client stored; `wholeCache` clears the adapter itself
   * (for a cache the client made and no one else uses).
   */
  async invalidateAll(mode: 'delete' | 'expire', wholeCache = false): Promise<void> {
    this.#loader.detach(undefined);
    if (mode === 'delete') {
      this.#memo.clear();
      this.#answer.forget();
    }
    const keys = await this.#store.invalidateAll(mode, wholeCache);
    this.#stats.invalidated(undefined, mode, keys);
  }

  /** The secret a read of `path` is about (its name without version selectors), checked as a read. */
  subjectOf(path: string, options: GetOptions | undefined): string {
    return this.#prepare('get', path, options).prepared.subject;
  }

  /** The cache keys an invalidation of `subject` reaches, in this process and the fleet. */
  keysOf(subject: string): readonly string[] {
    return this.#keys.variants(subject);
  }

  /**
   * How many entries each per-key structure of the read path holds: each is bounded whatever the
   * number of names read (docs/architecture.md); tests read it through the client's `HELD`.
   */
  held(): Readonly<Record<string, number>> {
    return { memo: this.#memo.size, ...this.#store.held(), ...this.#loader.held() };
  }

  /** Resolves when every cache write under way has landed and every lease let go of is given back. */
  async settled(): Promise<void> {
    await Promise.all([this.#store.settled(), this.#leases?.settled()]);
  }

  /** Checks the path (once) and the options; normalises the request, from the memo when seen before. */
  #prepare(operation: 'get' | 'list', path: string, options: GetOptions | GetByPathOptions | undefined): Read {
    checkPath(path, this.#name);
    const where = { provider: this.#name, path };
    const parsed = parseOptions(operation, options, this.#provider.options?.[operation], where);
    let prepared = this.#memo.get(operation, path, options);
    if (prepared === undefined) {
      const request = this.#provider.normalize
        ? this.#provider.normalize(operation, path, parsed.provider)
        : { path, options: parsed.provider };
      const shape = operation === 'list' ? (parsed.recursive ? 'r' : 'n') : '';
      const key = this.#keys.of(operation, shape, parsed.decode, request);
      const subject = request.subject ?? request.path;
      prepared = { operation, key, request, subject, maxAgeMs: parsed.maxAgeMs, metadata: parsed.metadata };
      this.#memo.set(operation, path, options, prepared);
      // Over a shared cache the entry may be another process's: `clear()` must still find it.
      if (this.#shared) this.#store.note(prepared);
    }
    return { prepared, parsed };
  }
}
