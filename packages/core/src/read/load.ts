import type { CacheEntry } from '../cache-adapter.js';
import type { RawSecret } from '../provider.js';
import type { Breaker } from './breaker.js';
import type { Fetched, ProviderCaller } from './caller.js';
import type { Freshness } from './freshness.js';
import type { Gathering } from './gathering.js';
import type { Waiter } from './micro-batch.js';
import { Piggyback } from './piggyback.js';
import type { Read } from './prepared.js';
import type { Claim, SharedFlight } from './shared-flight.js';
import { SingleFlight } from './single-flight.js';
import type { ReadStats } from './stats.js';
import type { Store, Ticket } from './store.js';

/** What the loader is built from. */
export interface LoadParts {
  readonly name: string;
  readonly caller: ProviderCaller;
  readonly store: Store;
  readonly stats: ReadStats;
  readonly freshness: Freshness;
  readonly breaker: Breaker;
  /** Leases across processes, over a shared cache; `undefined` without. */
  readonly shared: SharedFlight | undefined;
  /** Reads still looking in the cache, which batches and lease requests wait for. */
  readonly gathering: Gathering;
  /** Whether values are cached (piggybacking refreshes cached values only). */
  readonly caching: boolean;
}

/**
 * A load: single flight → breaker → shared flight → caller, then the store. One load per key
 * at a time; a load the breaker refuses makes no call; a miss over a shared cache takes a lease
 * (another process may fetch instead); what arrives is stored before the load resolves.
 */
export class Loader {
  readonly #flights = new SingleFlight<CacheEntry>();
  readonly #piggyback: Piggyback | undefined;

  constructor(private readonly parts: LoadParts) {
    if (parts.caching && parts.caller.batches) {
      const { freshness } = parts;
      // The riders: expired, or due within the refresh-ahead window (the last fifth of the ttl without).
      this.#piggyback = new Piggyback(() => (1 - (freshness.refreshAt || 0.8)) * freshness.ttl);
      parts.caller.fillWith(this.#piggyback.fill);
    }
  }

  /** Loads `read`, joining the load of its key under way; `hasStale`: an expired value can answer. */
  load(read: Read, hasStale: boolean): Promise<CacheEntry> {
    const { key } = read.prepared;
    const running = this.#flights.get(key);
    if (running !== undefined) return running;
    const ticket = this.parts.store.begin();
    return this.#track(read, this.#fetch(read, ticket, hasStale), () => this.parts.store.end());
  }

  /** Holds the next batch and lease request back while a read looks in an asynchronous cache. */
  hold(): () => void {
    const { gathering } = this.parts;
    const hold = gathering.hold();
    return () => gathering.release(hold);
  }

  /** How many loads are joinable and how many reads may ride (see `ReadPipeline.held`). */
  held(): { flights: number; riders: number } {
    return { flights: this.#flights.size, riders: this.#piggyback?.size ?? 0 };
  }

  /** Detaches the loads of `subject` (and listings covering it): later reads start their own. */
  detach(subject: string | undefined): void {
    if (subject !== undefined) {
      this.#flights.detach(subject);
      return;
    }
    this.#flights.detachAll();
    this.#piggyback?.clear();
  }

  async #fetch(read: Read, ticket: Ticket, hasStale: boolean): Promise<CacheEntry> {
    const { prepared, parsed } = read;
    const { breaker, stats, shared, caller } = this.parts;
    const where = { provider: this.parts.name, path: prepared.request.path };
    if (breaker.admit(prepared.key, hasStale, Date.now()) === 'refuse') {
      const refused = breaker.refusal(prepared.key, where, Date.now());
      if (!hasStale) stats.error(prepared.operation, where.path, refused);
      throw refused;
    }
    let claim: Claim | undefined;
    if (shared !== undefined && prepared.operation === 'get' && !parsed.forceFetch) {
      const { store, freshness } = this.parts;
      claim = await shared.claim(
        prepared.key,
        (entry) => Date.now() < freshness.freshUntil(entry, parsed.maxAgeMs) && store.servesFresh(entry, prepared.subject),
      );
      // Another process fetched it meanwhile: its entry is in the shared cache already.
      if ('entry' in claim) return claim.entry;
    }
    const release = claim !== undefined && 'release' in claim ? claim.release : undefined;
    let fetched: Fetched;
    try {
      fetched =
        prepared.operation === 'list'
          ? await caller.list({ ...prepared.request, recursive: parsed.recursive }, parsed.decode)
          : await caller.get(prepared.request, parsed.decode);
    } catch (error) {
      stats.error(prepared.operation, where.path, error);
      breaker.keyFailed(prepared.key, error, Date.now());
      release?.();
      throw error;
    }
    breaker.keySucceeded(prepared.key);
    return this.#keep(read, ticket, fetched, release);
  }

  /** Stores what arrived; the lease goes once the entry has landed; a stored read may ride later. */
  async #keep(read: Read, ticket: Ticket, fetched: Fetched, release?: () => void): Promise<CacheEntry> {
    const kept = await this.parts.store.keep(read, ticket, fetched);
    if (release) void kept.stored.finally(release);
    const { prepared, parsed } = read;
    if (kept.cached && this.#piggyback && prepared.operation === 'get' && !parsed.forceFetch) {
      const group = this.parts.caller.groupOf(prepared.request);
      const { storedAt, expiresAt } = kept.entry;
      this.#piggyback.remember({
        read,
        group,
        storedAt,
        expiresAt,
        busy: () => this.#flights.get(prepared.key) !== undefined,
        start: () => this.#ride(read),
      });
    }
    return kept.entry;
  }

  /** Starts the load of a rider, fed by the batch it rides in. */
  #ride(read: Read): Waiter {
    const { prepared, parsed } = read;
    let waiter: Waiter = { resolve: () => undefined, reject: () => undefined };
    const raw = new Promise<RawSecret | undefined>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    const ticket = this.parts.store.begin();
    const loading = raw.then(
      (answer) => {
        this.parts.breaker.keySucceeded(prepared.key);
        return this.#keep(read, ticket, this.parts.caller.decode(answer, prepared.request, parsed.decode));
      },
      (error: unknown) => {
        this.parts.breaker.keyFailed(prepared.key, error, Date.now());
        throw error;
      },
    );
    void this.#track(read, loading, () => this.parts.store.end()).catch(() => undefined);
    return waiter;
  }

  /** Makes `loading` the joinable load of its key until it settles. */
  #track(read: Read, loading: Promise<CacheEntry>, end: () => void): Promise<CacheEntry> {
    const { key, subject, operation } = read.prepared;
    const tracked = loading.finally(end);
    this.#flights.start(key, { subject, listing: operation === 'list' }, tracked);
    const done = () => this.#flights.end(key, tracked);
    tracked.then(done, done);
    return tracked;
  }
}
