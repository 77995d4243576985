import { growingLru } from '../growing-lru.js';
import type { BatchFiller, Waiter } from './micro-batch.js';
import type { Read } from './prepared.js';

/** A cached read that may ride along with a batch: its own loader is armed, not started. */
export interface Rider {
  readonly read: Read;
  /** The micro-batcher's group (reads of one group may share a call). */
  readonly group: string;
  readonly storedAt: number;
  readonly expiresAt: number;
  /** Whether a load of it is under way already (it then needs no ride). */
  busy(): boolean;
  /** Starts its load, fed by the batch: who waits for its result. */
  start(): Waiter;
}

/**
 * Piggybacking, the micro-batcher's plug-in: a batch call that goes out with room left carries
 * the cached names of the same group that were read since they were cached and expire soonest
 * (within `window()` from now). So names read one at a time after their expiry cost about one
 * call per batch of them, not one each. A name nobody read since it was cached is left to
 * expire: piggybacking refreshes what is in use. Each rider arrives with its load armed by the
 * stage that stored it, so the batcher only ever calls down into what it was handed.
 */
export class Piggyback {
  readonly #riders = growingLru<string, Rider>(10_000);

  constructor(private readonly window: () => number) {}

  /** Notes a read whose entry was just stored. */
  remember(rider: Rider): void {
    this.#riders.set(rider.read.prepared.key, rider);
  }

  /** How many reads may ride. */
  get size(): number {
    return this.#riders.size;
  }

  /** Forgets everything (after an invalidation of everything). */
  clear(): void {
    this.#riders.clear();
  }

  /** The batcher's filler: up to `room` riders of `group`, not in `taken` (paths), soonest first. */
  readonly fill: BatchFiller = (group, room, taken) => {
    const horizon = Date.now() + this.window();
    const fits: Rider[] = [];
    for (const rider of this.#riders.values()) {
      const { prepared } = rider.read;
      if (rider.group !== group || rider.expiresAt > horizon || prepared.readStoredAt !== rider.storedAt) continue;
      if (taken.has(prepared.request.path) || rider.busy()) continue;
      fits.push(rider);
    }
    fits.sort((a, b) => a.expiresAt - b.expiresAt);
    return fits.slice(0, room).map((rider) => {
      this.#riders.delete(rider.read.prepared.key);
      return { request: rider.read.prepared.request, waiter: rider.start() };
    });
  };
}
