import type { CacheAdapter, CacheEntry } from './cache-adapter';
import { now } from './clock';

/**
 * A cache adapter as the client uses it: a failure of the cache is a miss (or a lost write) and
 * one warning, never a failed read.
 */
export class GuardedCache {
  #warned = false;

  constructor(readonly adapter: CacheAdapter) {}

  /** The entry under `key`, or `undefined` when absent or when the cache fails. */
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    try {
      const found = this.adapter.get(key);
      return found instanceof Promise ? found.catch((error: unknown) => this.#failed(error)) : found;
    } catch (error) {
      return this.#failed(error);
    }
  }

  /** Stores an entry; a failing cache drops it. */
  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    try {
      await this.adapter.set(key, entry, ttlMs);
    } catch (error) {
      this.#failed(error);
    }
  }

  /**
   * Deletes keys, or expires them: an expired entry is no longer fresh but can still be served
   * while the backend fails, until `staleMs` after it was stored.
   */
  async drop(keys: readonly string[], mode: 'delete' | 'expire', staleMs: number): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          if (mode === 'delete') return await this.adapter.delete(key);
          const entry = await this.adapter.get(key);
          if (entry) await this.adapter.set(key, { ...entry, expiresAt: entry.storedAt }, Math.max(1, entry.storedAt + staleMs - now()));
        } catch (error) {
          this.#failed(error);
        }
      }),
    );
  }

  #failed(error: unknown): undefined {
    if (!this.#warned) {
      this.#warned = true;
      const reason = error instanceof Error ? error.name : 'error';
      process.emitWarning(`coffer: the ${this.adapter.name} cache failed (${reason}); reading without it`, 'CofferWarning');
    }
    return undefined;
  }
}
