import { covers } from './cache-index.js';

/** What a load is about: one secret, or (a listing) every secret under a path. */
export interface FlightScope {
  readonly subject: string;
  readonly listing: boolean;
}

interface Flight<T> extends FlightScope {
  readonly promise: Promise<T>;
}

/**
 * Single flight: concurrent callers asking for the same key share one load, so a burst of cold
 * reads of one secret makes one backend call. An invalidation detaches the loads it concerns: a
 * read issued after it starts a load of its own instead of joining one begun before.
 */
export class SingleFlight<T> {
  readonly #inflight = new Map<string, Flight<T>>();

  /** The load under way for `key`, if any. */
  get(key: string): Promise<T> | undefined {
    return this.#inflight.get(key)?.promise;
  }

  /** Registers the load of `key`; it stays joinable until {@link end} or a detach. */
  start(key: string, scope: FlightScope, promise: Promise<T>): void {
    this.#inflight.set(key, { subject: scope.subject, listing: scope.listing, promise });
  }

  /** The load of `key` is over (unless another one replaced it meanwhile). */
  end(key: string, promise: Promise<T>): void {
    if (this.#inflight.get(key)?.promise === promise) this.#inflight.delete(key);
  }

  /** Detaches the loads of `subject` and the listings covering it. */
  detach(subject: string): void {
    for (const [key, flight] of this.#inflight) {
      if (flight.subject === subject || (flight.listing && covers(flight.subject, subject))) this.#inflight.delete(key);
    }
  }

  /** Detaches every load. */
  detachAll(): void {
    this.#inflight.clear();
  }

  /** How many loads are joinable. */
  get size(): number {
    return this.#inflight.size;
  }
}
