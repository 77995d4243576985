import type { CacheEntry } from './cache-adapter.js';
import { CacheIndex } from './cache-index.js';
import type { CacheKeys } from './cache-keys.js';
import type { ClientStats } from './client-options.js';
import { now as clockNow, nowCounting } from './clock.js';
import { walkKeypath } from './decode.js';
import { isCofferError } from './errors.js';
import { type CacheEvent, channels, codeOf, type MissEvent } from './events.js';
import { deepFreeze, handOut } from './freeze.js';
import type { ErrorBackoff } from './error-backoff.js';
import type { Freshness } from './freshness.js';
import { Generations } from './generation.js';
import type { GuardedCache } from './guarded-cache.js';
import type { CoreGetByPathOptions, CoreGetOptions } from './operation-options.js';
import { checkPath, isKeypath, type ParsedOptions, parseOptions } from './options.js';
import type { NormalizedRequest, Provider, RawSecret } from './provider.js';
import type { Waiter } from './micro-batch.js';
import type { Fetched, ProviderCaller } from './provider-caller.js';
import { type Rider, Riders } from './piggyback.js';
import { ReadMemo } from './read-memo.js';
import { type Claim, type LeaseBounds, SharedFlight } from './shared-flight.js';
import { SingleFlight } from './single-flight.js';

/** The options of a read as the client hands them over: the core's and any provider's, unchecked. */
type GetOptions = CoreGetOptions & { readonly [name: string]: unknown };
type GetByPathOptions = CoreGetByPathOptions & { readonly [name: string]: unknown };

/** A read or listing after its path and options were checked and normalised: its cache key. */
interface Prepared {
  readonly operation: 'get' | 'list';
  readonly key: string;
  readonly request: NormalizedRequest;
  /** The secret the entry is about (a listing: the path it lists). */
  readonly subject: string;
  /** `maxAge` (part of the memo's path, so the hot path can use it without parsing). */
  readonly maxAgeMs: number | undefined;
  /** The `storedAt` of the entry this read last found fresh: it was read since it was cached. */
  readStoredAt?: number;
}

/** What the pipeline is built from; the client makes each piece. */
export interface PipelineParts {
  readonly provider: Provider;
  readonly cache: GuardedCache | undefined;
  readonly freshness: Freshness;
  readonly caller: ProviderCaller;
  readonly keys: CacheKeys;
  readonly stats: ClientStats;
  /** Leases for misses, when the cache is shared; `undefined` to not take any. */
  readonly lease?: LeaseBounds;
  /** Back-off after transient errors; `undefined` to call every time. */
  readonly backoff?: ErrorBackoff;
}

/**
 * The read path of a client: cache → single flight → micro-batch → provider, then decode, store
 * and answer. Every read is checked once and remembered (one memo of prepared reads), so a read
 * seen before, of a fresh entry in a synchronous cache, costs a memo walk and a map lookup.
 */
export class ReadPipeline {
  readonly #provider: Provider;
  readonly #name: string;
  readonly #cache: GuardedCache | undefined;
  readonly #peek: ((key: string) => CacheEntry | undefined) | undefined;
  readonly #freshness: Freshness;
  readonly #caller: ProviderCaller;
  readonly #keys: CacheKeys;
  readonly #stats: ClientStats;
  readonly #memo = new ReadMemo<Prepared>();
  readonly #flights = new SingleFlight<CacheEntry>();
  readonly #generations = new Generations();
  readonly #index = new CacheIndex();
  readonly #shared: SharedFlight | undefined;
  readonly #backoff: ErrorBackoff | undefined;
  /** Cached reads that may ride along with a miss's batch; only for batching providers. */
  readonly #riders: Riders | undefined;

  constructor(parts: PipelineParts) {
    this.#shared = parts.lease && SharedFlight.supports(parts.cache) ? new SharedFlight(parts.cache, parts.lease) : undefined;
    this.#backoff = parts.backoff;
    if (parts.cache && parts.caller.batches) {
      this.#riders = new Riders();
      parts.caller.fillWith((group, room, taken) => this.#fill(group, room, taken));
    }
    this.#provider = parts.provider;
    this.#name = parts.provider.name;
    this.#cache = parts.cache;
    this.#peek = parts.cache?.adapter.peek?.bind(parts.cache.adapter);
    this.#freshness = parts.freshness;
    this.#caller = parts.caller;
    this.#keys = parts.keys;
    this.#stats = parts.stats;
  }

  /** Reads one secret (see `CofferClient.get`). */
  get(path: string, options: GetOptions | undefined): Promise<unknown> {
    // The hot path: a read seen before, of a fresh entry in a synchronous (memory) cache.
    const known = this.#peek !== undefined ? this.#memo.get('get', path, options) : undefined;
    if (known !== undefined) {
      try {
        const keypath = options?.keypath;
        const entry = keypath === undefined || isKeypath(keypath) ? this.#peek!(known.key) : undefined;
        if (entry !== undefined && nowCounting(this.#stats.hits) < this.#freshness.servedUntil(entry, known.maxAgeMs)) {
          const value = keypath === undefined ? entry.value : walkKeypath(entry.value, keypath, { provider: this.#name, path });
          this.#stats.hits++;
          if (channels.hit.hasSubscribers) channels.hit.publish(this.#about(known));
          known.readStoredAt = entry.storedAt;
          return Promise.resolve(value instanceof Uint8Array ? value.slice() : value);
        }
      } catch {
        // A missing key, a bad keypath or a failing cache: the full path below says which.
      }
    }
    try {
      const { prepared, parsed } = this.#prepare('get', path, options);
      if (parsed.forceFetch) return this.#fetch(prepared, parsed, undefined, 'forced');
      const found = this.#cache?.get(prepared.key);
      if (!(found instanceof Promise)) return this.#answer(prepared, parsed, found);
      // A miss found asynchronously still joins the batch (and the leases) of the reads issued with it.
      const hold = this.#caller.hold();
      this.#shared?.hold();
      return found.then((entry) => {
        try {
          return this.#answer(prepared, parsed, entry);
        } finally {
          this.#caller.release(hold);
          this.#shared?.release();
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

  /** Lists the secrets under a path (see `CofferClient.getByPath`). */
  list(path: string, options: GetByPathOptions | undefined): Promise<unknown> {
    try {
      const { prepared, parsed } = this.#prepare('list', path, options);
      if (parsed.forceFetch) return this.#fetch(prepared, parsed, undefined, 'forced');
      return Promise.resolve(this.#cache?.get(prepared.key)).then((entry) => this.#answer(prepared, parsed, entry));
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
    this.#generations.bump(subject);
    this.#flights.detach(subject);
    const keys = new Set(this.#index.take(subject));
    for (const key of this.#keys.variants(subject)) keys.add(key);
    if (channels.invalidation.hasSubscribers) channels.invalidation.publish({ provider: this.#name, subject, mode, keys: keys.size });
    await this.#cache?.drop([...keys], mode, this.#freshness.staleMs);
    // Other processes sharing the cache drop their memory copies of these keys.
    await this.#cache?.publish([...keys]);
  }

  /**
   * Drops (or expires) everything this client stored; `wholeCache` clears the adapter itself
   * (for a cache the client made and no one else uses).
   */
  async invalidateAll(mode: 'delete' | 'expire', wholeCache = false): Promise<void> {
    this.#generations.bumpAll();
    this.#flights.detachAll();
    this.#riders?.clear();
    if (mode === 'delete') this.#memo.clear();
    const keys = this.#index.takeAll();
    if (channels.invalidation.hasSubscribers) channels.invalidation.publish({ provider: this.#name, mode, keys: keys.length });
    if (this.#cache && wholeCache) await this.#cache.clear();
    else await this.#cache?.drop(keys, mode, this.#freshness.staleMs);
    await this.#cache?.publish(undefined);
  }

  /** Checks the path (once) and the options; normalises the request, from the memo when seen before. */
  #prepare(operation: 'get' | 'list', path: string, options: GetOptions | GetByPathOptions | undefined) {
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
      prepared = { operation, key, request, subject: request.subject ?? request.path, maxAgeMs: parsed.maxAgeMs };
      this.#memo.set(operation, path, options, prepared);
      // Over a shared cache the entry may be another process's: `clear()` must still find it.
      if (this.#shared !== undefined) {
        if (operation === 'list') this.#index.addListing(request.path, key);
        else this.#index.addRead(prepared.subject, key);
      }
    }
    return { prepared, parsed };
  }

  #answer(prepared: Prepared, parsed: ParsedOptions, entry: CacheEntry | undefined): Promise<unknown> {
    if (entry !== undefined) {
      const now = nowCounting(this.#stats.hits);
      if (now < this.#freshness.freshUntil(entry, parsed.maxAgeMs)) {
        this.#stats.hits++;
        if (channels.hit.hasSubscribers) channels.hit.publish(this.#about(prepared));
        prepared.readStoredAt = entry.storedAt;
        if (this.#freshness.refreshDue(entry, now)) {
          this.#stats.refreshes++;
          this.#load(prepared, parsed).catch(() => undefined);
        }
        try {
          return Promise.resolve(this.#project(entry.value, prepared, parsed));
        } catch (error) {
          return Promise.reject(error);
        }
      }
    }
    return this.#fetch(prepared, parsed, entry, entry === undefined ? 'absent' : 'expired');
  }

  #fetch(prepared: Prepared, parsed: ParsedOptions, expired: CacheEntry | undefined, reason: MissEvent['reason']): Promise<unknown> {
    this.#stats.misses++;
    if (channels.miss.hasSubscribers) channels.miss.publish({ ...this.#about(prepared), reason });
    return this.#load(prepared, parsed).then(
      (entry) => this.#project(entry.value, prepared, parsed),
      (error: unknown) => {
        if (expired && this.#freshness.servesStale(error, expired, clockNow())) {
          this.#stats.stale++;
          if (channels.stale.hasSubscribers) channels.stale.publish({ ...this.#about(prepared), code: codeOf(error) });
          return this.#project(expired.value, prepared, parsed);
        }
        if (parsed.hasDefault && isCofferError(error, 'SECRET_NOT_FOUND')) return parsed.defaultValue;
        throw error;
      },
    );
  }

  /**
   * One load per key at a time; its value is stored unless the secret was invalidated meanwhile.
   * Callers get the value as soon as it arrives: the write to the cache goes on behind them.
   */
  #load(prepared: Prepared, parsed: ParsedOptions): Promise<CacheEntry> {
    const running = this.#flights.get(prepared.key);
    if (running !== undefined) return running;
    const token = this.#generations.begin();
    const loading = this.#fetchEntry(prepared, parsed, token).finally(() => this.#generations.end());
    this.#flights.start(prepared.key, { subject: prepared.subject, listing: prepared.operation === 'list' }, loading);
    loading.then(
      () => this.#flights.end(prepared.key, loading),
      () => this.#flights.end(prepared.key, loading),
    );
    return loading;
  }

  async #fetchEntry(prepared: Prepared, parsed: ParsedOptions, token: number): Promise<CacheEntry> {
    const { request } = prepared;
    const blocked = this.#backoff?.blocked(prepared.key, { provider: this.#name, path: request.path }, clockNow());
    if (blocked !== undefined) {
      this.#stats.errors++;
      throw blocked;
    }
    let claim: Claim | undefined;
    if (this.#shared !== undefined && prepared.operation === 'get' && !parsed.forceFetch) {
      claim = await this.#shared.claim(prepared.key, (entry) => clockNow() < this.#freshness.freshUntil(entry, parsed.maxAgeMs));
      // Another process fetched it meanwhile: its entry is in the shared cache already.
      if ('entry' in claim) return claim.entry;
    }
    const release = claim !== undefined && 'release' in claim ? claim.release : undefined;
    let fetched: Fetched;
    try {
      fetched =
        prepared.operation === 'list'
          ? await this.#caller.list({ ...request, recursive: parsed.recursive }, parsed.decode)
          : await this.#caller.get(request, parsed.decode);
    } catch (error) {
      this.#stats.errors++;
      if (channels.error.hasSubscribers) channels.error.publish({ ...this.#about(prepared), code: codeOf(error) });
      this.#backoff?.failed(prepared.key, error, clockNow());
      release?.();
      throw error;
    }
    this.#backoff?.succeeded(prepared.key);
    return this.#keep(prepared, parsed, token, fetched, release);
  }

  /**
   * Stamps and stores what a load fetched (unless the secret was invalidated since the load
   * began), notes it as a possible rider, and gives back the lease once the entry is stored.
   */
  #keep(prepared: Prepared, parsed: ParsedOptions, token: number, fetched: Fetched, release?: () => void): CacheEntry {
    const { entry, keepMs } = this.#freshness.stamp(deepFreeze(fetched.value), parsed.maxAgeMs, clockNow(), fetched.ttlMs);
    const listing = prepared.operation === 'list';
    if (!this.#cache || !this.#generations.isCurrent(token, prepared.subject, listing)) {
      release?.();
      return entry;
    }
    if (listing) this.#index.addListing(prepared.request.path, prepared.key);
    else this.#index.addRead(prepared.subject, prepared.key);
    if (!listing && !parsed.forceFetch) {
      const group = this.#caller.groupOf(prepared.request);
      this.#riders?.remember({ prepared, parsed, group, storedAt: entry.storedAt, expiresAt: entry.expiresAt });
    }
    // Write behind: reads see the entry at once, and an invalidation asked for later lands after
    // this write (GuardedCache orders them per key). The lease goes once the entry is stored, so
    // that the processes waiting for it find it.
    const stored = this.#cache.set(prepared.key, entry, keepMs);
    if (release) void stored.finally(release);
    return entry;
  }

  /** Which read an event is about: names only. */
  #about(prepared: Prepared): CacheEvent {
    return { provider: this.#name, operation: prepared.operation, path: prepared.request.path };
  }

  /**
   * Fills the room of a batch with riders (piggybacking): cached names of the same group, read
   * since they were cached, expired or due within the refresh-ahead window (the last fifth of
   * the ttl when refresh-ahead is off). Each is loaded as a miss would be: single-flighted,
   * stored when it arrives.
   */
  #fill(group: string, room: number, taken: ReadonlySet<string>): Array<{ request: NormalizedRequest; waiter: Waiter }> {
    const window = (1 - (this.#freshness.refreshAt || 0.8)) * this.#freshness.ttl;
    const riders = this.#riders?.take(group, room, taken, clockNow() + window, (key) => this.#flights.get(key) !== undefined) ?? [];
    return riders.map((rider) => ({ request: rider.prepared.request, waiter: this.#carry(rider) }));
  }

  /** Starts the load of a rider, fed by the batch it rides in. */
  #carry(rider: Rider): Waiter {
    const prepared = rider.prepared as Prepared;
    let waiter: Waiter = { resolve: () => undefined, reject: () => undefined };
    const raw = new Promise<RawSecret | undefined>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    const token = this.#generations.begin();
    const loading = raw
      .then((answer) => this.#keep(prepared, rider.parsed, token, this.#caller.decode(answer, prepared.request, rider.parsed.decode)))
      .finally(() => this.#generations.end());
    this.#flights.start(prepared.key, { subject: prepared.subject, listing: false }, loading);
    loading.then(
      () => this.#flights.end(prepared.key, loading),
      () => this.#flights.end(prepared.key, loading),
    );
    return waiter;
  }

  /**
   * What a caller gets of a decoded value: the keypath walked (a missing key answered by the
   * default when there is one), bytes copied.
   */
  #project(value: unknown, prepared: Prepared, parsed: ParsedOptions): unknown {
    if (parsed.keypath === undefined || parsed.keypath.length === 0) return handOut(value);
    try {
      return handOut(walkKeypath(value, parsed.keypath, { provider: this.#name, path: prepared.request.path }));
    } catch (error) {
      if (parsed.hasDefault && isCofferError(error, 'SECRET_NOT_FOUND')) return parsed.defaultValue;
      throw error;
    }
  }
}
