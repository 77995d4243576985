/**
 * How long a batch or a lease request waits for the reads it was held for, after the last of
 * them finished looking in the cache: measured from the last one, not from the start, so a cache
 * slowed by a loaded machine still fills the batch while a stuck one (a locked SQLite file) does
 * not hold it up for long.
 */
export const HOLD_IDLE_MS = 50;
/** The longest a batch or a lease request is held in all. */
export const HOLD_MAX_MS = 1_000;

interface Wait {
  /** The last hold given when the wait began: only holds up to it are waited for. */
  readonly since: number;
  readonly startedAt: number;
  /** How many of those are still looking in the cache. */
  awaited: number;
  timer: NodeJS.Timeout | undefined;
  readonly ready: () => void;
}

/**
 * The reads of one client still looking in an asynchronous cache (SQLite, Redis), which the
 * next batch call and the next lease request wait for: reads issued together reach the
 * micro-batcher and the shared flight in different turns of the event loop, and should still go
 * out as one batch and one lease round trip. The one hold of the read path, with one limit: a
 * wait ends when every read that was looking when it began has finished, or
 * {@link HOLD_IDLE_MS} after the last of them finished, and never later than
 * {@link HOLD_MAX_MS} after it began. Reads that begin looking later never delay it.
 */
export class Gathering {
  #lastHold = 0;
  /** Reads looking in the cache now, by the number {@link hold} gave them. */
  readonly #open = new Set<number>();
  readonly #waits = new Set<Wait>();

  /** A read starts looking in the cache; every `hold` needs one {@link release} of its number. */
  hold(): number {
    const hold = ++this.#lastHold;
    this.#open.add(hold);
    return hold;
  }

  /** The read of `hold` finished looking in the cache. */
  release(hold: number): void {
    if (!this.#open.delete(hold)) return;
    for (const wait of this.#waits) {
      if (hold > wait.since) continue;
      wait.awaited--;
      this.#arm(wait);
    }
  }

  /**
   * Calls `ready` (in a later turn of the event loop) once the reads looking in the cache now
   * have finished, within the limits above.
   */
  after(ready: () => void): void {
    const wait: Wait = { since: this.#lastHold, startedAt: Date.now(), awaited: this.#open.size, timer: undefined, ready };
    this.#waits.add(wait);
    this.#arm(wait);
  }

  #arm(wait: Wait): void {
    clearTimeout(wait.timer);
    const end = () => this.#end(wait);
    if (wait.awaited <= 0) {
      wait.timer = undefined;
      setImmediate(end);
      return;
    }
    const left = Math.min(HOLD_IDLE_MS, wait.startedAt + HOLD_MAX_MS - Date.now());
    wait.timer = setTimeout(end, Math.max(0, left));
  }

  #end(wait: Wait): void {
    if (!this.#waits.delete(wait)) return;
    clearTimeout(wait.timer);
    wait.ready();
  }
}
