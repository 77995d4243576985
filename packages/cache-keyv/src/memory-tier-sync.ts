import { type CacheAdapter, type CacheEntry, growingLru } from '@coffer/core';

/**
 * The most keys tracked. The one copied least recently goes first, and its memory copy with it:
 * a copy that is not tracked could not be found by an invalidation. (It is read from the shared
 * cache again when asked for, without a backend call.)
 */
export const MAX_TRACKED = 10_000;

/**
 * Keeps a tiered cache's memory tier in step with the other processes sharing its `l2`: it
 * listens to `l2`'s invalidation channel and removes the memory copies another process
 * invalidated. While the channel is down (or before it is first up) a change could go unnoticed,
 * so copies made then are fresh for `unsyncedTtl` only; when the channel comes back after a
 * loss, every copy goes (messages may have been missed meanwhile).
 */
export class MemoryTierSync {
  /** The keys this process copied into `l1`, to find the ones an invalidation names. */
  readonly #tracked = growingLru<string, true>(MAX_TRACKED, {
    dispose: (_, key, reason) => {
      if (reason === 'evict') void Promise.resolve(this.l1.delete(key)).catch(() => undefined);
    },
  });
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
    if (this.#stop) this.#tracked.set(key, true);
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
    const changed = [...this.#tracked.keys()].filter(matches);
    for (const key of changed) {
      this.#tracked.delete(key);
      void Promise.resolve(this.l1.delete(key)).catch(() => undefined);
    }
  }

  /** How many keys it tracks. */
  get size(): number {
    return this.#tracked.size;
  }
}
