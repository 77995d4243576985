// The data the model of the read path keeps: spans and outcomes of reads, each client's state.

/** How a client caches: straight into the shared store, memory in front of it, its own memory, none. */
export type ClientKind = 'keyv' | 'tiered' | 'memory' | 'none';

/** When a read ran: backend call numbers, fake (Date.now) and real (performance.now) times. */
export interface Span {
  seq0: number;
  seq1: number;
  t0: number;
  t1: number;
  real0: number;
  down: boolean;
  flaky: boolean;
  /** Whether a call hung during the read (a timeout is a transient failure). */
  hung: boolean;
}

/** What a read answered: a value, or an error (its class name and code). */
export type Outcome = { value: unknown } | { error: { name: string; code?: string; message: string } };

export interface ClientState {
  kind: ClientKind;
  /** Read your writes: the versions this client wrote of a name, and when (real time) each resolved. */
  floors: Map<string, Array<{ index: number; real: number }>>;
  /** When this client refreshed or cleared a name it had read (it must fetch again). */
  resets: Map<string, number>;
  /** Names this client has read (a clear or refresh() drops only those). */
  read: Set<string>;
  /**
   * After a failure about a name (a failed call, a read while down), the first read past every
   * reason may still be degraded (stale now, refresh in the background); a successful call for
   * the name ends it.
   */
  grace: Map<string, 'available' | 'used'>;
  /** Consecutive failed calls per name, and when the last failed. */
  keyFailures: Map<string, { count: number; at: number }>;
  /** The outcomes of this client's last calls, for the breaker. */
  ring: boolean[];
  /** When the breaker could have opened (cleared by a success). */
  trippedAt: number | undefined;
  /** When a read past the probe interval may have sent the breaker's probe. */
  probedAt: number | undefined;
  lastFailureAt: number;
}

export interface Version {
  name: string;
  index: number;
  /** When a newer value replaced it (fake time). */
  supersededAt?: number;
}

export interface ClientUpdate {
  by: number;
  index: number;
  /** Real and fake time the update resolved at. */
  real: number;
  fake: number;
}

/** Counts of reads made while the backend faulted at random (the 97 % promise). */
export interface Tally {
  reads: number;
  answered: number;
  /** The reads that called the backend themselves, and how many of those were answered. */
  misses: number;
  missesAnswered: number;
}
