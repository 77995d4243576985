// The documented bounds the model holds the read path to, in one place (docs/caching.md,
// docs/client.md and the client options' defaults). The model is lenient by `SLACK_MS` wherever a
// bound is measured, never strict: a boundary case is allowed, not flagged.

/** The client options every client of the model test is made with. */
export const CLIENT_OPTIONS = { ttl: '10s', staleIfError: '60s' } as const;

export const BOUNDS = {
  /** `ttl`: how long a fetched value may be answered fresh (jitter only shortens it). */
  ttlMs: 10_000,
  /** `staleIfError`: how long past its expiry a value may be answered while the backend fails. */
  staleMs: 60_000,
  /** The breaker: it may open once at least `ratio` of at least `minCalls` of the last `window` calls failed. */
  breaker: { minCalls: 10, ratio: 0.5, window: 20 },
  /** While open, the breaker lets a probe through at this interval (the default `probeInterval`). */
  probeMs: 1_000,
  /** Per-key back-off of refreshes of a key with a stale value: base × growth^(n−1), at most max. */
  backoff: { baseMs: 1_000, growth: 2, maxMs: 60_000 },
  /**
   * Real time within which another process's memory tier drops an invalidated copy: SQLite
   * looks every 250 ms, Redis pushes; docs/caching.md says "within 2 s" under load.
   */
  syncRealMs: 2_000,
  /** How often (fake time) a process looks at the namespace's clear mark in the shared store. */
  lookMs: 250,
  /** `tieredCache(..., { unsyncedTtl })` of the model's tiered caches: copies made before the channel is up. */
  unsyncedTtlMs: 1_000,
  /** Leniency on every fake-time bound (the clock also moves with real time). */
  slackMs: 250,
} as const;

/** The per-key back-off window after `failures` consecutive failed refreshes. */
export function backoffWindow(failures: number): number {
  const { baseMs, growth, maxMs } = BOUNDS.backoff;
  return Math.min(baseMs * growth ** Math.max(0, failures - 1), maxMs);
}
