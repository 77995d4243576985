/** How many recent calls to a region are judged. */
const WINDOW = 10;
/** The fewest recent calls before a region may be judged down: each already failed after its retries. */
const MIN_CALLS = 2;
/** The share of recent calls failing transiently that marks a region down. */
const FAILURE_RATIO = 0.5;

/**
 * The health of one region, with the semantics of the client's breaker (opossum's and
 * resilience4j's): a region is down only when it is clearly failing (at least half of at least
 * two of its last ten calls failed for a transient reason, each after the SDK's retries); while
 * down, one call (a probe) is let through every `probeMs`, and a success brings it back.
 *
 * @example
 * ```ts
 * const health = new RegionHealth(1000);
 * if (health.admit(Date.now())) health.failed(Date.now());
 * ```
 */
export class RegionHealth {
  /** The outcomes of the last calls, `true` for a transient failure: a ring. */
  readonly #outcomes: boolean[] = [];
  #next = 0;
  #failures = 0;
  /** While down: when the next probe may go. `undefined` while up. */
  #probeAt: number | undefined;

  constructor(private readonly probeMs: number) {}

  /** Whether the region is judged down (reads skip it, but for a probe now and then). */
  get down(): boolean {
    return this.#probeAt !== undefined;
  }

  /** When the next probe may go, while down. */
  get probeAt(): number | undefined {
    return this.#probeAt;
  }

  /** Whether a call may go to the region now: always while up; while down, one probe per interval. */
  admit(now: number): boolean {
    if (this.#probeAt === undefined) return true;
    if (now < this.#probeAt) return false;
    this.#probeAt = now + this.probeMs;
    return true;
  }

  /** The region answered (a not-found or access denied counts: the region is up). */
  succeeded(): void {
    this.#record(false);
    if (this.#probeAt === undefined) return;
    this.#probeAt = undefined;
    this.#outcomes.length = 0;
    this.#next = 0;
    this.#failures = 0;
  }

  /** A call failed for a transient reason (after the SDK's retries). */
  failed(now: number): void {
    this.#record(true);
    if (this.#probeAt !== undefined) return;
    const calls = this.#outcomes.length;
    if (calls >= MIN_CALLS && this.#failures >= FAILURE_RATIO * calls) this.#probeAt = now + this.probeMs;
  }

  #record(failed: boolean): void {
    if (this.#outcomes.length < WINDOW) this.#outcomes.push(failed);
    else {
      if (this.#outcomes[this.#next]) this.#failures--;
      this.#outcomes[this.#next] = failed;
      this.#next = (this.#next + 1) % WINDOW;
    }
    if (failed) this.#failures++;
  }
}
