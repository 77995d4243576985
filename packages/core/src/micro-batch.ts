import type { CallContext, ProviderBase, RawSecret, ReadRequest } from './provider.js';

type Result = RawSecret | undefined;

/** The longest a batch waits for reads still looking in an asynchronous cache. */
const MAX_HOLD_MS = 20;
interface Waiter {
  resolve(value: Result): void;
  reject(error: unknown): void;
}
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
  #holds = 0;
  #deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly provider: Required<Pick<ProviderBase, 'getMany' | 'maxBatchSize'>>,
    private readonly context: CallContext,
    private readonly wrapError: (error: unknown, request: ReadRequest) => Error,
  ) {}

  /** Queues one read; `groupKey` must be equal for requests that may share a call. */
  load(request: ReadRequest, groupKey: string): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
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
   * Every `hold` needs a `release`; a batch is never held longer than {@link MAX_HOLD_MS}.
   */
  hold(): void {
    this.#holds++;
  }

  /** Ends a {@link hold}; the last one lets the batch go. */
  release(): void {
    this.#holds--;
    if (this.#holds === 0 && this.#groups.size > 0) this.#schedule();
  }

  #schedule(): void {
    if (this.#holds > 0) {
      this.#deadline ??= setTimeout(() => this.#flush(), MAX_HOLD_MS);
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    const size = Math.max(1, this.provider.maxBatchSize);
    for (const group of groups) {
      const pendings = [...group.values()];
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
