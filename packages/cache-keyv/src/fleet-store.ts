/**
 * What a shared store gives a fleet of processes, on the hashed ids it stores entries under:
 * leases (single flight across processes) and an invalidation channel. Redis and the SQLite file
 * each implement it (`redis-fleet.ts`, `sqlite-fleet.ts`); `fleet-capabilities.ts` turns it into
 * the optional members of a `CacheAdapter`.
 */
export interface FleetStore {
  /** Takes a lease on each free id, atomically, for `ttlMs`; returns the ids taken. */
  takeLeases(ids: readonly string[], ttlMs: number): Promise<string[]>;
  /** Gives back leases this process holds. */
  releaseLeases(ids: readonly string[]): Promise<void>;
  /** Extends the leases this process still holds to `ttlMs` from now; returns the ids renewed. */
  renewLeases(ids: readonly string[], ttlMs: number): Promise<string[]>;
  /** Sends an invalidation of `ids` (`undefined`: all) to every process. */
  publish(ids: readonly string[] | undefined): Promise<void>;
  /** Starts delivering other processes' invalidations, and the channel's state. */
  listen(events: FleetEvents): void;
  /** Stops listening and frees what it holds. */
  close(): Promise<void>;
}

/** What a fleet store reports. */
export interface FleetEvents {
  /** Another process invalidated `ids` (`undefined`: every entry). */
  message(ids: ReadonlySet<string> | undefined): void;
  /** The channel is up (messages arrive) or lost (they may be missed). */
  status(up: boolean): void;
}

/** One invalidation as it travels: who sent it, and which ids (`null`: all). */
export interface FleetMessage {
  readonly o: string;
  readonly k: readonly string[] | null;
}

/** Reads a message; `undefined` for anything malformed (a store is shared: trust nothing in it). */
export function parseMessage(text: string): FleetMessage | undefined {
  try {
    const parsed = JSON.parse(text) as { o?: unknown; k?: unknown };
    if (typeof parsed.o !== 'string') return undefined;
    if (parsed.k === null) return { o: parsed.o, k: null };
    if (!Array.isArray(parsed.k) || !parsed.k.every((id) => typeof id === 'string')) return undefined;
    return { o: parsed.o, k: parsed.k as string[] };
  } catch {
    return undefined;
  }
}
