import { growingLru } from '../growing-lru.js';
import type { CacheEntry } from '../cache-adapter.js';
import { deepFreeze } from '../freeze.js';
import type { Fetched } from './caller.js';
import { CacheIndex, covers } from './cache-index.js';
import type { Freshness } from './freshness.js';
import { Generations } from './generation.js';
import type { GuardedCache } from './guarded-cache.js';
import type { Read } from './prepared.js';

/** How long an update's mark stays in a shared cache, and in this process: longer than any load. */
const REMOVED_MS = 5 * 60_000;
const DONE = Promise.resolve();
/** How often (at most) a process reads the namespace's clear mark in a shared cache. */
const LOOK_MS = 250;

/** A load's ticket: the generation it began in, and when (the `storedAt` of what it stores). */
export interface Ticket {
  readonly token: number;
  readonly startedAt: number;
}

/** What the store did with a fetched value: the entry, and the write (landed or under way). */
export interface Kept {
  readonly entry: CacheEntry;
  readonly stored: Promise<void>;
  /** Whether it was stored (else it was older than what the cache holds, or not to be kept). */
  readonly cached: boolean;
}

/**
 * The store stage. Its promise: a fetched value is in the cache before the read resolves (unless
 * the write takes longer than `writeWaitMs`, then it lands in the background and `settled()`
 * waits for it), and no store ever goes back in time. An entry is stamped with the time its
 * load began; a load of a secret invalidated since it began stores nothing (this process's
 * generations). Over a shared cache, an update leaves a mark under the secret's name (and one
 * for every listing of the namespace) before it drops the keys; a load that began before the
 * mark, or finds a newer entry, stores nothing (other processes), and looks at the mark again
 * once its write has landed: an update that fell between its look and its write finds the
 * write gone (dropped, and the fleet told). A process never uses an entry older than its own
 * last update of that secret (read-your-writes, whatever another process stored), nor one stored
 * before the last `clear()` (and serves none stored before the last `refresh()` as fresh) of
 * this client or, over a shared cache, of any process of the namespace: `clear()` reaches the
 * entries other processes stored, which no index here knows of.
 */
export class Store {
  readonly #generations = new Generations();
  readonly #index = new CacheIndex();
  /** When this process last updated each secret. */
  readonly #floors = growingLru<string, number>(10_000, { ttl: REMOVED_MS, ttlResolution: 0 });
  /** Looks at the marks after writes that landed, still under way. */
  readonly #rechecks = new Set<Promise<void>>();
  /** The last clear (entries stored before are not used) and refresh of everything (not fresh). */
  #clearedAt = 0;
  #refreshedAt = 0;
  /** When this process last looked at the namespace's mark in a shared cache. */
  #lookedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly cache: GuardedCache | undefined,
    private readonly freshness: Freshness,
    private readonly settings: { readonly writeWaitMs: number; readonly shared: boolean; readonly namespace: string },
  ) {}

  /** A load begins. Every ticket needs one {@link end}. */
  begin(): Ticket {
    return { token: this.#generations.begin(), startedAt: Date.now() };
  }

  /** A load ended (after its last {@link keep}). */
  end(): void {
    this.#generations.end();
  }

  /** Whether this process may use `entry` of `subject`: not older than its own last update of it. */
  usable(entry: CacheEntry, subject: string, listing: boolean): boolean {
    if (entry.storedAt < this.#clearedAt) return false;
    if (this.#floors.size === 0) return true;
    if (!listing) return entry.storedAt >= (this.#floors.get(subject) ?? 0);
    for (const [updated, at] of this.#floors.entries()) {
      if (entry.storedAt < at && (updated === subject || covers(subject, updated))) return false;
    }
    return true;
  }

  /** Whether `entry` may be served as fresh: not stored before the last refresh of everything. */
  current(entry: CacheEntry): boolean {
    return entry.storedAt >= this.#refreshedAt;
  }

  /** The hot path's test: {@link current} and {@link usable} as a read of one secret. */
  servesFresh(entry: CacheEntry, subject: string): boolean {
    return this.current(entry) && this.usable(entry, subject, false);
  }

  /**
   * `found` (an entry read from the cache), once the store has looked at the namespace's clear
   * mark: over a shared cache, when it last did so more than {@link LOOK_MS} ago, so that another
   * process's `clear()` or `refresh()` reaches the entries this one stored.
   */
  looked(found: Promise<CacheEntry | undefined>): Promise<CacheEntry | undefined> {
    if (!this.settings.shared || this.cache === undefined) return found;
    const now = Date.now();
    if (now - this.#lookedAt < LOOK_MS && now >= this.#lookedAt) return found;
    this.#lookedAt = now;
    const looking = Promise.resolve(this.cache.get(this.#allMarkKey())).then((mark) => this.#learn(mark));
    return Promise.all([found, looking]).then(([entry]) => entry);
  }

  /** Remembers a key another process may have stored (so that `clear()` reaches it). */
  note(read: Read['prepared']): void {
    if (read.operation === 'list') this.#index.addListing(read.request.path, read.key);
    else this.#index.addRead(read.subject, read.key);
  }

  /** Stamps what a load fetched and stores it, unless that would go back in time. */
  async keep({ prepared, parsed }: Read, ticket: Ticket, fetched: Fetched): Promise<Kept> {
    const { entry, keepMs } = this.freshness.stamp(deepFreeze(fetched.value), parsed.maxAgeMs, ticket.startedAt, fetched);
    const listing = prepared.operation === 'list';
    const current = () => this.#generations.isCurrent(ticket.token, prepared.subject, listing);
    if (this.cache === undefined || !current()) return { entry, stored: DONE, cached: false };
    if (this.settings.shared && !(await this.#newest(prepared.key, prepared.subject, ticket, listing)))
      return { entry, stored: DONE, cached: false };
    if (!current()) return { entry, stored: DONE, cached: false };
    this.note(prepared);
    let stored = this.cache.set(prepared.key, entry, keepMs);
    if (this.settings.shared) stored = this.#recheck(stored, prepared.key, prepared.subject, ticket, listing);
    if (stored !== DONE) await within(stored, this.settings.writeWaitMs);
    return { entry, stored, cached: true };
  }

  /** Whether nothing newer than a load begun at `ticket` is in the shared cache. */
  async #newest(key: string, subject: string, ticket: Ticket, listing: boolean): Promise<boolean> {
    const [found, unmarked] = await Promise.all([this.cache!.get(key), this.#unmarked(subject, ticket, listing)]);
    return (found === undefined || found.storedAt <= ticket.startedAt) && unmarked;
  }

  /** Whether no update was marked since a load of `subject` (a listing: of the namespace) began. */
  async #unmarked(subject: string, ticket: Ticket, listing: boolean): Promise<boolean> {
    const [mark, all] = await Promise.all([
      this.cache!.get(listing ? this.#listingsMarkKey() : this.#markKey(subject)),
      this.cache!.get(this.#allMarkKey()),
    ]);
    this.#learn(all);
    return (mark === undefined || mark.storedAt < ticket.startedAt) && (all === undefined || all.storedAt < ticket.startedAt);
  }

  /** Takes in the namespace's clear mark: what it says is cleared or expired here too. */
  #learn(mark: CacheEntry | undefined): void {
    if (mark === undefined) return;
    if (mark.value === 'delete' && mark.storedAt > this.#clearedAt) this.#clearedAt = mark.storedAt;
    if (mark.storedAt > this.#refreshedAt) this.#refreshedAt = mark.storedAt;
  }

  /**
   * Once the write of `key` has landed, looks at the mark again: an update marked between the
   * first look and the write (its drop may have landed before the write) removes the write and
   * tells the fleet. Updates mark before they drop, so one of the two always sees the other.
   */
  #recheck(stored: Promise<void>, key: string, subject: string, ticket: Ticket, listing: boolean): Promise<void> {
    const recheck = stored
      .then(async () => {
        if (await this.#unmarked(subject, ticket, listing)) return;
        await this.cache!.drop([key], 'delete', this.freshness.staleMs);
        await this.cache!.publish([key]);
      })
      .finally(() => this.#rechecks.delete(recheck));
    this.#rechecks.add(recheck);
    return recheck;
  }

  /**
   * Drops (or expires) every key that may hold a value of `subject`: the ones stored here and
   * `variants`. An update (`delete`) also marks the secret as changed, here and in a shared cache.
   */
  async invalidate(subject: string, mode: 'delete' | 'expire', variants: readonly string[]): Promise<number> {
    this.#generations.bump(subject);
    const keys = new Set(this.#index.take(subject));
    for (const key of variants) keys.add(key);
    if (mode === 'delete') {
      const at = Date.now();
      this.#floors.set(subject, at);
      if (this.settings.shared && this.cache) {
        // The marks land before the drop: a load's look after its write then always sees them.
        const mark = { value: 'removed', storedAt: at, expiresAt: at };
        await Promise.all([
          this.cache.set(this.#markKey(subject), mark, REMOVED_MS),
          this.cache.set(this.#listingsMarkKey(), mark, REMOVED_MS),
        ]);
      }
    }
    await this.cache?.drop([...keys], mode, this.freshness.staleMs);
    // Other processes sharing the cache drop their memory copies of these keys.
    await this.cache?.publish([...keys]);
    return keys.size;
  }

  /** Drops (or expires) everything stored here; `wholeCache` clears the adapter itself. */
  async invalidateAll(mode: 'delete' | 'expire', wholeCache: boolean): Promise<number> {
    this.#generations.bumpAll();
    const at = Date.now();
    const mark: CacheEntry = { value: mode, storedAt: at, expiresAt: at };
    this.#learn(mark);
    const keys = this.#index.takeAll();
    const clearing = wholeCache && this.cache !== undefined;
    if (clearing) await this.cache?.clear();
    // Entries other processes stored are in no index here: the mark reaches them (see `looked`).
    // It lands after a clear that would remove it, and before the drop, as an update's does; it
    // stays as long as any entry stored before it may.
    const keepMs = Math.max(REMOVED_MS, this.freshness.ttl + this.freshness.staleMs);
    if (this.settings.shared) await this.cache?.set(this.#allMarkKey(), mark, keepMs);
    if (!clearing) await this.cache?.drop(keys, mode, this.freshness.staleMs);
    await this.cache?.publish(undefined);
    return keys.length;
  }

  /** How many entries its per-secret structures hold (see `ReadPipeline.held`). */
  held(): { index: number; floors: number; generations: number } {
    return { index: this.#index.size, floors: this.#floors.size, generations: this.#generations.size };
  }

  /** Resolves when every write under way has landed (and been looked at again). */
  async settled(): Promise<void> {
    await Promise.all([...this.#rechecks]);
    await this.cache?.settled();
  }

  #markKey(subject: string): string {
    return `${this.settings.namespace}\u0000removed\u0000${subject}`;
  }

  /** The mark `clear()` and `refresh()` of everything leave for the namespace. */
  #allMarkKey(): string {
    return `${this.settings.namespace}\u0000removed-all`;
  }

  /** The mark every update leaves for the listings of the namespace. */
  #listingsMarkKey(): string {
    return `${this.settings.namespace}\u0000removed-listings`;
  }
}

/** Waits for `stored`, but no longer than `ms`. */
function within(stored: Promise<void>, ms: number): Promise<void> {
  if (ms <= 0) return DONE;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([stored, bound]).finally(() => clearTimeout(timer));
}
