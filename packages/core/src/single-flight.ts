/**
 * Single flight: concurrent callers asking for the same key share one promise, so a burst of
 * cold reads of one secret makes one backend call.
 */
export class SingleFlight<T> {
  readonly #inflight = new Map<string, Promise<T>>();

  /** Runs `work` for `key` unless a run for it is under way, and returns that run's promise. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#inflight.get(key);
    if (running) return running;
    const promise = work().finally(() => {
      if (this.#inflight.get(key) === promise) this.#inflight.delete(key);
    });
    this.#inflight.set(key, promise);
    return promise;
  }

  /** How many runs are under way. */
  get size(): number {
    return this.#inflight.size;
  }
}
