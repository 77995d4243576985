import type { CallContext, ProviderBase, RawSecret, ReadRequest } from '../provider.js';

type Result = RawSecret | undefined;

/**
 * How long a batch waits for the next of the reads it is held for to finish looking in an
 * asynchronous cache. Measured from the last one that finished, not from the batch's start, so
 * a cache slowed by a loaded machine still fills the batch, while a stuck one (a locked SQLite
 * file) does not hold it up for long.
 */
const IDLE_HOLD_MS = 50;
/** The longest a batch is held in all. */
const MAX_HOLD_MS = 1_000;
/** Who waits for one read's result. */
export interface Waiter {
  resolve(value: Result): void;
  reject(error: unknown): void;
}

/**
 * Gives a batch with room more reads to carry (piggybacking): up to `room` requests of the
 * group `groupKey`, none of the paths in `taken`, each with who waits for its result.
 */
export type BatchFiller = (
  groupKey: string,
  room: number,
  taken: ReadonlySet<string>,
) => ReadonlyArray<{ request: ReadRequest; waiter: Waiter }>;
interface Pending {
  request: ReadRequest;
  waiters: Waiter[];
}

/**
 * Micro-batching: reads issued in the same turn of the event loop are gathered, grouped by
 * their options (a batch call has one set of options, such as `WithDecryption`), de-duplicated
 * by path and sent to `getMany` in chunks of `maxBatchSize`. Each caller gets its own value or
 * its own error.
 */
export class MicroBatcher {
  readonly #groups = new Map<string, Map<string, Pending>>();
  #scheduled = false;
  /** Reads looking in the cache now, by the number {@link hold} gave them. */
  readonly #holds = new Set<number>();
  #lastHold = 0;
  /** The last hold given before the open batch started: only those may hold it back. */
  #batchSince = 0;
  /** How many of those are still looking in the cache. */
  #awaited = 0;
  #openedAt = 0;
  #deadline: NodeJS.Timeout | undefined;
  #filler: BatchFiller | undefined;

  constructor(
    private readonly provider: Required<Pick<ProviderBase, 'getMany' | 'maxBatchSize'>>,
    private readonly context: CallContext,
    private readonly wrapError: (error: unknown, request: ReadRequest) => Error,
  ) {}

  /** Lets `filler` fill the room left in each group's last batch. */
  fillWith(filler: BatchFiller): void {
    this.#filler = filler;
  }

  /** Queues one read; `groupKey` must be equal for requests that may share a call. */
  load(request: ReadRequest, groupKey: string): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      if (this.#groups.size === 0) this.#open();
      let group = this.#groups.get(groupKey);
      if (!group) {
        group = new Map();
        this.#groups.set(groupKey, group);
      }
      const pending = group.get(request.path);
      if (pending) pending.waiters.push({ resolve, reject });
      else group.set(request.path, { request, waiters: [{ resolve, reject }] });
      this.#schedule();
    });
  }

  /**
   * Holds the next batch back while a read that may join it is still looking in an asynchronous
   * cache: reads issued together then reach the batcher in different turns of the event loop.
   * A batch waits only for the reads that were already looking when it started (reads issued
   * later never delay it), for at most {@link IDLE_HOLD_MS} after the last of them finished and
   * {@link MAX_HOLD_MS} in all. Every `hold` needs a `release` with the number it returned.
   */
  hold(): number {
    const hold = ++this.#lastHold;
    this.#holds.add(hold);
    return hold;
  }

  /** Ends a {@link hold}; the last one the open batch waits for lets it go. */
  release(hold: number): void {
    if (!this.#holds.delete(hold) || this.#groups.size === 0 || hold > this.#batchSince) return;
    this.#awaited--;
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.#schedule();
  }

  #open(): void {
    this.#batchSince = this.#lastHold;
    this.#awaited = this.#holds.size;
    this.#openedAt = Date.now();
  }

  #schedule(): void {
    if (this.#awaited > 0) {
      const left = Math.min(IDLE_HOLD_MS, this.#openedAt + MAX_HOLD_MS - Date.now());
      this.#deadline ??= setTimeout(() => this.#flush(), Math.max(0, left));
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.#awaited = 0;
    const groups = [...this.#groups.entries()];
    this.#groups.clear();
    const size = Math.max(1, this.provider.maxBatchSize);
    for (const [groupKey, group] of groups) {
      const pendings = [...group.values()];
      const room = (size - (pendings.length % size)) % size;
      if (room > 0 && this.#filler) {
        for (const { request, waiter } of this.#filler(groupKey, room, new Set(group.keys()))) {
          pendings.push({ request, waiters: [waiter] });
        }
      }
      for (let start = 0; start < pendings.length; start += size) {
        void this.#send(pendings.slice(start, start + size));
      }
    }
  }

  async #send(chunk: Pending[]): Promise<void> {
    let results: ReadonlyArray<Result | Error>;
    try {
      results = await this.provider.getMany(
        chunk.map((pending) => pending.request),
        this.context,
      );
      if (results.length !== chunk.length) throw new Error(`getMany returned ${results.length} results for ${chunk.length} requests`);
    } catch (error) {
      for (const pending of chunk) {
        const wrapped = this.wrapError(error, pending.request);
        for (const waiter of pending.waiters) waiter.reject(wrapped);
      }
      return;
    }
    chunk.forEach((pending, i) => {
      const result = results[i];
      for (const waiter of pending.waiters) {
        if (result instanceof Error) waiter.reject(this.wrapError(result, pending.request));
        else waiter.resolve(result);
      }
    });
  }
}
