import { awsErrorKind } from '@coffer/aws';

/**
 * When `BatchGetSecretValue` may be used. It is denied by IAM more often than `GetSecretValue`
 * (it needs its own permission) and capped at 100 calls a second for the account, a cap that
 * cannot be raised, while `GetSecretValue` allows 10,000. So a denied batch call switches the
 * provider to one `GetSecretValue` per secret for good, and a throttled one for a cool-down that
 * doubles while the throttling goes on (bounded), so a fleet's herd moves to the roomier call.
 */

/** The first cool-down after a throttled batch call, in milliseconds. */
export const THROTTLE_COOLDOWN_MS = 1000;
/** The longest cool-down, in milliseconds. */
export const THROTTLE_COOLDOWN_MAX_MS = 60_000;
/** How many `GetSecretValue` calls one fallback read runs at once. */
export const FALLBACK_CONCURRENCY = 8;

/** The state of one provider instance's batch calls. */
export class BatchGate {
  #denied = false;
  #closedUntil = 0;
  #cooldown = THROTTLE_COOLDOWN_MS;

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether the next read may try `BatchGetSecretValue`. */
  open(): boolean {
    return !this.#denied && this.now() >= this.#closedUntil;
  }

  /** A batch call worked: the throttling cool-down starts again from its first step. */
  succeeded(): void {
    this.#cooldown = THROTTLE_COOLDOWN_MS;
  }

  /** A batch call failed: `true` when its reads should fall back to `GetSecretValue`. */
  failed(error: unknown): boolean {
    // Denied: say, no `secretsmanager:BatchGetSecretValue` permission. Throttled: after the SDK's own retries.
    const kind = awsErrorKind(error);
    if (kind === 'denied') {
      this.#denied = true;
      return true;
    }
    if (kind !== 'throttled') return false;
    this.#closedUntil = this.now() + this.#cooldown;
    this.#cooldown = Math.min(this.#cooldown * 2, THROTTLE_COOLDOWN_MAX_MS);
    return true;
  }
}
