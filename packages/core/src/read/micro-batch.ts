import type { CallContext, ProviderBase, RawSecret, ReadRequest } from '../provider.js';
import { Gathering } from './gathering.js';

type Result = RawSecret | undefined;

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
 * its own error. A batch also waits for the reads issued with it that are still looking in an
 * asynchronous cache (`gathering.ts`, the read path's one hold).
 */
export class MicroBatcher {
  readonly #groups = new Map<string, Map<string, Pending>>();
  #filler: BatchFiller | undefined;

  constructor(
    private readonly provider: Required<Pick<ProviderBase, 'getMany' | 'maxBatchSize'>>,
    private readonly context: CallContext,
    private readonly wrapError: (error: unknown, request: ReadRequest) => Error,
    private readonly gathering: Gathering = new Gathering(),
  ) {}

  /** Lets `filler` fill the room left in each group's last batch. */
  fillWith(filler: BatchFiller): void {
    this.#filler = filler;
  }

  /** Queues one read; `groupKey` must be equal for requests that may share a call. */
  load(request: ReadRequest, groupKey: string): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      if (this.#groups.size === 0) this.gathering.after(() => this.#flush());
      let group = this.#groups.get(groupKey);
      if (!group) {
        group = new Map();
        this.#groups.set(groupKey, group);
      }
      const pending = group.get(request.path);
      if (pending) pending.waiters.push({ resolve, reject });
      else group.set(request.path, { request, waiters: [{ resolve, reject }] });
    });
  }

  #flush(): void {
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
