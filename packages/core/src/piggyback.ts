import type { ParsedOptions } from './options.js';
import type { NormalizedRequest } from './provider.js';

/** A read that can ride along: what the pipeline needs to load it again. */
export interface Rider {
  readonly prepared: { readonly key: string; readonly request: NormalizedRequest; readonly subject: string; readStoredAt?: number };
  readonly parsed: ParsedOptions;
  /** The micro-batcher's group (reads of one group may share a call). */
  readonly group: string;
  readonly storedAt: number;
  readonly expiresAt: number;
}

const LIMIT = 10_000;

/**
 * The cached reads of one client that may ride along with a miss (piggybacking): a batch call
 * that goes out with room left carries the names of the same group that were read since they
 * were cached and are expired or will expire soonest. So names read one at a time after their
 * expiry cost about one call per batch of them, not one each. A name nobody read since it was
 * cached is left to expire: piggybacking refreshes what is in use, not everything ever read.
 */
export class Riders {
  readonly #byKey = new Map<string, Rider>();

  /** Notes a read whose entry was just stored. */
  remember(rider: Rider): void {
    const key = rider.prepared.key;
    this.#byKey.delete(key);
    if (this.#byKey.size >= LIMIT) this.#byKey.delete(this.#byKey.keys().next().value as string);
    this.#byKey.set(key, rider);
  }

  /** Forgets everything (after an invalidation of everything). */
  clear(): void {
    this.#byKey.clear();
  }

  /**
   * Takes up to `room` riders of `group` that are not in `taken` (paths) nor `busy` (being
   * loaded), were read since they were cached, and expire before `horizon`: soonest first.
   */
  take(group: string, room: number, taken: ReadonlySet<string>, horizon: number, busy: (key: string) => boolean): Rider[] {
    const fits: Rider[] = [];
    for (const rider of this.#byKey.values()) {
      const { prepared } = rider;
      if (rider.group !== group || rider.expiresAt > horizon || prepared.readStoredAt !== rider.storedAt) continue;
      if (taken.has(prepared.request.path) || busy(prepared.key)) continue;
      fits.push(rider);
    }
    fits.sort((a, b) => a.expiresAt - b.expiresAt);
    const picked = fits.slice(0, room);
    for (const rider of picked) this.#byKey.delete(rider.prepared.key);
    return picked;
  }
}
