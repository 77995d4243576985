import { growingLru } from '../growing-lru.js';
import { type CofferError, ProviderError } from '../errors.js';

/** The breaker's thresholds in milliseconds and counts (see `BreakerOptions`). */
export interface BreakerSettings {
  /** How many recent calls are judged. */
  readonly window: number;
  /** The fewest recent calls before the breaker may open. */
  readonly minCalls: number;
  /** The share of recent calls failing transiently that opens it. */
  readonly failureRatio: number;
  /** While open, one call (a probe) is let through this often. */
  readonly probeMs: number;
}

/** The per-key back-off of keys that have a stale value to serve (see `BackoffOptions`). */
export interface KeyBackoffSettings {
  readonly baseMs: number;
  readonly growth: number;
  readonly maxMs: number;
}

/** What a load may do now: call the backend, or not (the read is answered without a call). */
export type Admission = 'call' | 'refuse';

interface KeyWindow {
  failures: number;
  until: number;
  error: CofferError;
}

/**
 * A circuit breaker per backend, with the semantics of opossum and resilience4j: it opens only
 * when the backend is clearly failing (at least `failureRatio` of at least `minCalls` of the last
 * `window` calls failed for a transient reason), lets one probe through every `probeMs` while
 * open, and closes on a success. Beside it, a per-key back-off spaces out only the refreshes of
 * keys that have a stale value to serve; a read with nothing cached always calls while closed.
 * It judges backend calls, not keys: a failed batch of ten names is one failure. A success while
 * open closes the breaker and clears every key's back-off: the backend is back.
 *
 * @example
 * ```ts
 * const breaker = new Breaker({ window: 10, minCalls: 2, failureRatio: 0.5, probeMs: 1000 }, undefined);
 * if (breaker.admit(key, false, Date.now()) === 'call') breaker.called(await load().then(() => undefined, (e) => e), Date.now());
 * ```
 */
export class Breaker {
  /** The outcomes of the last calls, `true` for a transient failure: a ring. */
  readonly #outcomes: boolean[] = [];
  #next = 0;
  #failures = 0;
  /** While open: when the next probe may go. `undefined` while closed. */
  #probeAt: number | undefined;
  #lastError: CofferError | undefined;
  readonly #keys = growingLru<string, KeyWindow>(10_000);

  constructor(
    private readonly settings: BreakerSettings | undefined,
    private readonly backoff: KeyBackoffSettings | undefined,
  ) {}

  /** Whether the breaker is open (the backend is clearly failing). */
  get open(): boolean {
    return this.#probeAt !== undefined;
  }

  /**
   * Whether a read of `key` that holds a stale value should be answered with it at once: the
   * breaker is open, or the key's last refresh failed and it has not worked since.
   */
  failing(key: string): boolean {
    return this.#probeAt !== undefined || this.#keys.has(key);
  }

  /** Whether a load of `key` may call now; `hasStale`: an expired value can answer instead. */
  admit(key: string, hasStale: boolean, now: number): Admission {
    if (this.#probeAt !== undefined) {
      if (now < this.#probeAt) return 'refuse';
      this.#probeAt = now + this.settings!.probeMs;
      return 'call';
    }
    if (!hasStale) return 'call';
    const own = this.#keys.get(key);
    return own !== undefined && now < own.until ? 'refuse' : 'call';
  }

  /** The error a refused load of `key` fails with: the one its key or the backend last got. */
  refusal(key: string, where: { provider: string; path: string }, now: number): CofferError {
    const own = this.#keys.get(key)?.error;
    if (this.#probeAt === undefined && own !== undefined) return own;
    const seconds = Math.max(1, Math.ceil(((this.#probeAt ?? now) - now) / 1000));
    const last = this.#lastError ?? own;
    return new ProviderError(`the backend is failing; not called (circuit open, next probe in ${seconds}s)`, {
      ...where,
      transient: true,
      ...(last instanceof ProviderError && last.failure !== undefined ? { failure: last.failure } : {}),
      cause: last?.cause ?? last,
    });
  }

  /**
   * A read call to the backend ended (one batch, one read or one listing, however many keys it
   * carried): `error` is `undefined` when it answered (a not-found or access denied is an
   * answer). Only transient failures count against the backend; a success closes it.
   */
  called(error: unknown, now: number): void {
    const failed = error instanceof ProviderError && error.transient;
    this.#record(failed);
    if (!failed) {
      if (this.#probeAt !== undefined) this.#close();
      return;
    }
    this.#lastError = error;
    const settings = this.settings;
    if (settings === undefined || this.#probeAt !== undefined) return;
    const calls = this.#outcomes.length;
    if (calls >= settings.minCalls && this.#failures >= settings.failureRatio * calls) this.#probeAt = now + settings.probeMs;
  }

  /** The load of `key` failed with `error`: a transient failure widens the key's back-off. */
  keyFailed(key: string, error: unknown, now: number): void {
    if (!(error instanceof ProviderError) || !error.transient) {
      this.#keys.delete(key);
      return;
    }
    if (this.backoff) this.#keys.set(key, this.#widen(this.#keys.get(key), error, now));
  }

  /** The load of `key` worked: its back-off is over. */
  keySucceeded(key: string): void {
    this.#keys.delete(key);
  }

  #record(failed: boolean): void {
    const size = this.settings?.window ?? 0;
    if (size === 0) return;
    if (this.#outcomes.length < size) this.#outcomes.push(failed);
    else {
      if (this.#outcomes[this.#next]) this.#failures--;
      this.#outcomes[this.#next] = failed;
      this.#next = (this.#next + 1) % size;
    }
    if (failed) this.#failures++;
  }

  #close(): void {
    this.#probeAt = undefined;
    this.#outcomes.length = 0;
    this.#next = 0;
    this.#failures = 0;
    this.#keys.clear();
  }

  #widen(window: KeyWindow | undefined, error: CofferError, now: number): KeyWindow {
    const failures = (window?.failures ?? 0) + 1;
    const { baseMs, growth, maxMs } = this.backoff!;
    return { failures, until: now + Math.min(baseMs * growth ** (failures - 1), maxMs), error };
  }
}
