import { Breaker, ProviderError } from '@coffer/core';

/** The recent calls judged, the fewest before a region may be judged down, the failing share. */
const SETTINGS = { window: 10, minCalls: 2, failureRatio: 0.5 } as const;
/** The key the breaker's admission is asked for: a region is judged as a whole, never per key. */
const REGION = '';

let failure: ProviderError | undefined;
/** What a failed call is reported to the breaker as: a transient failure, after the SDK's retries. */
const transientFailure = () => (failure ??= new ProviderError('the region failed', { transient: true }));

/**
 * The health of one region: core's client {@link Breaker} over the region's calls. A region is
 * down only when it is clearly failing (at least half of at least two of its last ten calls
 * failed for a transient reason, each after the SDK's retries); while down, one call (a probe) is
 * let through every `probeMs`, and a success brings it back.
 *
 * @example
 * ```ts
 * const health = new RegionHealth(1000);
 * if (health.admit(Date.now())) health.failed(Date.now());
 * ```
 */
export class RegionHealth {
  readonly #breaker: Breaker;
  /** When the breaker lets the next probe go, while down: it is set when it opens or probes. */
  #probeAt = 0;

  constructor(private readonly probeMs: number) {
    this.#breaker = new Breaker({ ...SETTINGS, probeMs }, undefined);
  }

  /** Whether the region is judged down (reads skip it, but for a probe now and then). */
  get down(): boolean {
    return this.#breaker.open;
  }

  /** When the next probe may go, while down. */
  get probeAt(): number | undefined {
    return this.#breaker.open ? this.#probeAt : undefined;
  }

  /** Whether a call may go to the region now: always while up; while down, one probe per interval. */
  admit(now: number): boolean {
    const call = this.#breaker.admit(REGION, false, now) === 'call';
    if (call && this.#breaker.open) this.#probeAt = now + this.probeMs;
    return call;
  }

  /** The region answered (a not-found or access denied counts: the region is up). */
  succeeded(): void {
    this.#breaker.called(undefined, Date.now());
  }

  /** A call failed for a transient reason (after the SDK's retries). */
  failed(now: number): void {
    const wasDown = this.#breaker.open;
    this.#breaker.called(transientFailure(), now);
    if (!wasDown && this.#breaker.open) this.#probeAt = now + this.probeMs;
  }
}
