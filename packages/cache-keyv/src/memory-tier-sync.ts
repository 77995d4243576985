import type { CacheAdapter, CacheEntry } from '@coffer/core';

/** Past this many tracked keys, the memory tier is emptied rather than tracked further. */
const MAX_TRACKED = 100_000;

/**
 * Keeps a tiered cache's memory tier in step with the other processes sharing its `l2`: it
 * listens to `l2`'s invalidation channel and removes the memory copies another process
 * invalidated. While the channel is down (or before it is first up) a change could go unnoticed,
 * so copies made then are fresh for `unsyncedTtl` only; when the channel comes back after a
 * loss, every copy goes (messages may have been missed meanwhile).
 */
export class MemoryTierSync {
  /** The keys this process copied into `l1`, to find the ones an invalidation names. */
  readonly #tracked = new Set<string>();
  #synced: boolean;
  #lost = false;
  #stop: (() => void) | undefined;

  constructor(
    private readonly l1: CacheAdapter,
    private readonly l2: CacheAdapter,
    private readonly unsyncedTtl: number,
  ) {
    // Without a channel there is nothing to wait for: copies live for their ttl, as before.
    this.#synced = typeof l2.subscribeInvalidations !== 'function';
  }

  /** Subscribes on first use (not at construction, which should open no connection). */
  start(): void {
    if (this.#stop || this.#synced || !this.l2.subscribeInvalidations) return;
    this.#stop = this.l2.subscribeInvalidations({
      invalidated: (matches) => this.#drop(matches),
      connected: (up) => {
        if (up && this.#lost) this.#drop(undefined);
        this.#lost ||= !up;
        this.#synced = up;
      },
    });
  }

  /** Stops listening. */
  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  /** The copy of `entry` to keep in memory under `key`: shortened while unsynced. */
  copy(key: string, entry: CacheEntry): CacheEntry {
    if (this.#stop) {
      if (this.#tracked.size >= MAX_TRACKED) this.#drop(undefined);
      this.#tracked.add(key);
    }
    if (this.#synced) return entry;
    const until = Date.now() + this.unsyncedTtl;
    return entry.expiresAt <= until ? entry : { ...entry, expiresAt: Math.max(entry.storedAt, until) };
  }

  #drop(matches: ((key: string) => boolean) | undefined): void {
    if (matches === undefined) {
      this.#tracked.clear();
      void Promise.resolve(this.l1.clear()).catch(() => undefined);
      return;
    }
    for (const key of this.#tracked) {
      if (!matches(key)) continue;
      this.#tracked.delete(key);
      void Promise.resolve(this.l1.delete(key)).catch(() => undefined);
    }
  }
}
