import type { CacheEntry } from '../cache-adapter.js';
import type { Gathering } from './gathering.js';
import type { GuardedCache } from './guarded-cache.js';

/**
 * How long a lease lasts and how long a process waits for another's fetch, in milliseconds.
 *
 * @example
 * ```ts
 * const bounds: LeaseBounds = { ttlMs: 5000, waitMs: 5000 };
 * ```
 */
export interface LeaseBounds {
  readonly ttlMs: number;
  readonly waitMs: number;
}

/** What a miss may do: fetch (then `release`), or use the entry another process stored. */
export type Claim = { readonly entry: CacheEntry } | { readonly release: () => void };

interface Pending {
  readonly key: string;
  readonly isFresh: (entry: CacheEntry) => boolean;
  readonly resolve: (claim: Claim) => void;
}

const FIRST_POLL_MS = 20;
/** How often, in parts of the lease's ttl, the leases of loads under way are renewed. */
const RENEW_PARTS = 3;
const MOST_POLL_MS = 400;

/**
 * Single flight across processes, over a shared cache that has leases. A miss claims its key:
 * the claims of one burst take their leases in one round trip (they wait for the reads issued
 * with them still looking in the cache: `gathering.ts`, the read path's one hold), so the misses
 * a process won still go out as one micro-batch, and one process wins a burst rather than each
 * process a few. A process that did not win waits for the winner's
 * entry, looking in the cache at growing intervals and taking the lease over if it becomes free
 * (the winner failed, or died and its lease lapsed); past `waitMs` it fetches for itself. The
 * winner renews its leases while it fetches (every third of their ttl), so a backend slower than
 * the lease does not make a waiting process fetch too. Warm reads never come here: only misses do.
 */
export class SharedFlight {
  #pending: Pending[] = [];
  #releases: string[] = [];
  /** The leases of loads under way, renewed while they last. */
  readonly #held = new Set<string>();
  #renewing: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: GuardedCache,
    private readonly bounds: LeaseBounds,
    private readonly gathering: Gathering,
  ) {}

  /** Whether the cache can coordinate a fleet. */
  static supports(cache: GuardedCache | undefined): cache is GuardedCache {
    return typeof cache?.adapter.takeLeases === 'function';
  }

  /** Claims the fetch of `key`; `isFresh` says whether an entry found meanwhile will do. */
  claim(key: string, isFresh: (entry: CacheEntry) => boolean): Promise<Claim> {
    return new Promise((resolve) => {
      if (this.#pending.length === 0) this.gathering.after(() => void this.#flush());
      this.#pending.push({ key, isFresh, resolve });
    });
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const group = this.#pending;
    this.#pending = [];
    const lost = await this.#take(group);
    if (lost.length > 0) await this.#wait(lost);
  }

  /**
   * Takes the leases of `group` in one call and returns the keys lost. A key won is looked up
   * once more before it is fetched: another process may have stored it and let its lease go
   * between this process's miss and its lease.
   */
  async #take(group: Pending[]): Promise<Pending[]> {
    let won: ReadonlySet<string>;
    try {
      won = new Set(await this.cache.adapter.takeLeases!([...new Set(group.map((p) => p.key))], this.bounds.ttlMs));
    } catch {
      won = new Set(group.map((p) => p.key));
    }
    const lost = group.filter((pending) => !won.has(pending.key));
    const winners = group.filter((pending) => won.has(pending.key));
    const found = await Promise.all(winners.map((pending) => this.cache.get(pending.key)));
    winners.forEach((pending, i) => {
      const entry = found[i];
      if (entry !== undefined && pending.isFresh(entry)) {
        this.#release(pending.key);
        pending.resolve({ entry });
      } else {
        this.#hold(pending.key);
        pending.resolve({
          release: () => {
            this.#held.delete(pending.key);
            this.#release(pending.key);
          },
        });
      }
    });
    return lost;
  }

  async #wait(group: Pending[]): Promise<void> {
    const deadline = Date.now() + this.bounds.waitMs;
    let waiting = group;
    for (let pause = FIRST_POLL_MS; waiting.length > 0 && Date.now() < deadline; pause = Math.min(pause * 2, MOST_POLL_MS)) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, deadline - Date.now()))));
      const found = await Promise.all(waiting.map((pending) => this.cache.get(pending.key)));
      const missing: Pending[] = [];
      waiting.forEach((pending, i) => {
        const entry = found[i];
        if (entry !== undefined && pending.isFresh(entry)) pending.resolve({ entry });
        else missing.push(pending);
      });
      waiting = missing.length > 0 ? await this.#take(missing) : [];
    }
    // Waited long enough: fetch without a lease rather than keep a caller waiting longer.
    for (const pending of waiting) pending.resolve({ release: () => undefined });
  }

  /** Renews the lease of `key` until its load lets it go (or another process took it). */
  #hold(key: string): void {
    this.#held.add(key);
    if (this.#renewing !== undefined || typeof this.cache.adapter.renewLeases !== 'function') return;
    this.#renewing = setInterval(() => void this.#renew(), Math.max(1, this.bounds.ttlMs / RENEW_PARTS));
    this.#renewing.unref();
  }

  async #renew(): Promise<void> {
    const keys = [...this.#held];
    if (keys.length === 0) {
      clearInterval(this.#renewing);
      this.#renewing = undefined;
      return;
    }
    let kept: ReadonlySet<string>;
    try {
      kept = new Set(await this.cache.adapter.renewLeases!(keys, this.bounds.ttlMs));
    } catch {
      return;
    }
    // A lease that lapsed and was taken meanwhile is another process's now.
    for (const key of keys) if (!kept.has(key)) this.#held.delete(key);
  }

  #release(key: string): void {
    this.#releases.push(key);
    if (this.#releases.length > 1) return;
    setImmediate(() => void this.#giveBack());
  }

  /** Gives back the leases let go of so far, now (before a close, say), and waits for it. */
  async settled(): Promise<void> {
    await Promise.all([this.#giveBack(), this.#givingBack]);
  }

  #givingBack: Promise<void> = Promise.resolve();

  #giveBack(): Promise<void> {
    const keys = this.#releases;
    if (keys.length === 0) return this.#givingBack;
    this.#releases = [];
    this.#givingBack = Promise.resolve(this.cache.adapter.releaseLeases?.(keys)).catch(() => undefined);
    return this.#givingBack;
  }
}
