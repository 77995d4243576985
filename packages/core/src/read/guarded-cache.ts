import type { CacheAdapter, CacheEntry, MaybePromise } from '../cache-adapter.js';
import { type CofferLogger, processWarnings } from '../logger.js';

const DONE = Promise.resolve();

/** The caches with writes under way: the process waits for them before it exits by itself. */
const unsettled = new Set<GuardedCache>();
let listening = false;

function flushAtExit(cache: GuardedCache): void {
  unsettled.add(cache);
  if (listening) return;
  listening = true;
  // `beforeExit` comes when nothing is left to do; awaiting the writes keeps the process up.
  process.on('beforeExit', () => {
    for (const pending of unsettled) void pending.settled();
  });
}

/**
 * A cache adapter as the client uses it: a failure of the cache is a miss (or a lost write) and
 * one warning, never a failed read. Writes, deletes and expiries of one key land in the order
 * they were asked for, so a slow write of an old value can never land after the invalidation
 * that followed it.
 */
export class GuardedCache {
  #warned = false;
  /** The last operation still under way, per key. */
  readonly #pending = new Map<string, Promise<void>>();
  /** Entries whose write has not landed yet: reads see them already. */
  readonly #writing = new Map<string, CacheEntry>();

  constructor(
    readonly adapter: CacheAdapter,
    private readonly logger: CofferLogger = processWarnings,
  ) {}

  /** The entry under `key`, or `undefined` when absent or when the cache fails. */
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    const writing = this.#writing.get(key);
    if (writing !== undefined) return writing;
    try {
      const found = this.adapter.get(key);
      return found instanceof Promise ? found.catch((error: unknown) => this.#failed(error)) : found;
    } catch (error) {
      return this.#failed(error);
    }
  }

  /**
   * Stores an entry; a failing cache drops it. Resolves when the write has landed (at once for
   * a synchronous cache); the caller need not wait for it: {@link get} sees the entry meanwhile.
   */
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    const landed = this.#inOrder(key, () => this.adapter.set(key, entry, ttlMs));
    if (landed === DONE) return landed;
    this.#writing.set(key, entry);
    return landed.then(() => {
      if (this.#writing.get(key) === entry) this.#writing.delete(key);
    });
  }

  /**
   * Deletes keys, or expires them: an expired entry is no longer fresh but can still be served
   * while the backend fails, until `staleMs` after it was stored. Each lands after the writes of
   * its key asked for before.
   */
  async drop(keys: readonly string[], mode: 'delete' | 'expire', staleMs: number): Promise<void> {
    for (const key of keys) this.#writing.delete(key);
    await Promise.all(
      keys.map((key) =>
        this.#inOrder(key, async () => {
          if (mode === 'delete') return await this.adapter.delete(key);
          const entry = await this.adapter.get(key);
          if (entry)
            await this.adapter.set(key, { ...entry, expiresAt: entry.storedAt }, Math.max(1, entry.storedAt + staleMs - Date.now()));
        }),
      ),
    );
  }

  /** Resolves when every write under way has landed (before a close, say). */
  async settled(): Promise<void> {
    await Promise.all(this.#pending.values());
  }

  /** Clears the whole adapter, after every write under way has landed. */
  async clear(): Promise<void> {
    this.#writing.clear();
    await this.settled();
    try {
      await this.adapter.clear();
    } catch (error) {
      this.#failed(error);
    }
  }

  /** Runs `operation` on `key` after the ones asked for before it; failures are warnings. */
  #inOrder(key: string, operation: () => MaybePromise<void>): Promise<void> {
    const before = this.#pending.get(key);
    let running: Promise<void>;
    if (before === undefined) {
      let result: MaybePromise<void>;
      try {
        result = operation();
      } catch (error) {
        this.#failed(error);
        return DONE;
      }
      if (!(result instanceof Promise)) return DONE;
      running = result.catch((error: unknown) => void this.#failed(error));
    } else {
      running = before.then(operation).catch((error: unknown) => void this.#failed(error));
    }
    const tracked = running.then(() => {
      if (this.#pending.get(key) === tracked) this.#pending.delete(key);
      if (this.#pending.size === 0) unsettled.delete(this);
    });
    this.#pending.set(key, tracked);
    flushAtExit(this);
    return tracked;
  }

  /** Tells the other processes sharing the cache that `keys` (`undefined`: all) changed. */
  async publish(keys: readonly string[] | undefined): Promise<void> {
    try {
      await this.adapter.publishInvalidation?.(keys);
    } catch (error) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): undefined {
    if (!this.#warned) {
      this.#warned = true;
      const reason = error instanceof Error ? error.name : 'error';
      this.logger.warn(`the ${this.adapter.name} cache failed (${reason}); reading without it`);
    }
    return undefined;
  }
}
