import type { Duration } from './duration.js';
import { parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
import { readOptions } from './read-options.js';

/**
 * Options of the circuit breaker of a client's backend (see `ClientOptions.breaker`), with the
 * meaning opossum and resilience4j give them.
 *
 * @example
 * ```ts
 * new SecretsManager({ breaker: { minCalls: 20, failureRatio: 0.6, probeInterval: '5s' } });
 * ```
 */
export interface BreakerOptions {
  /**
   * How many of the most recent read calls (reads and listings) are judged (resilience4j's sliding window size).
   * @default 20
   */
  window?: number;
  /**
   * The fewest recent calls before the breaker may open (resilience4j's minimum number of calls).
   * @default 10
   */
  minCalls?: number;
  /**
   * The share of recent calls failing for a transient reason that opens it (opossum's error
   * threshold percentage, as a fraction).
   * @default 0.5
   */
  failureRatio?: number;
  /**
   * While open, one call (a probe) goes out this often; a success closes it (opossum's reset timeout).
   * @default '1s'
   */
  probeInterval?: Duration;
}

/** The breaker settings in milliseconds; `undefined` when turned off. */
export function breakerSettings(
  option: BreakerOptions | false | undefined,
): { window: number; minCalls: number; failureRatio: number; probeMs: number } | undefined {
  if (option === false) return undefined;
  if (option !== undefined && (option === null || typeof option !== 'object' || Array.isArray(option))) {
    throw new ValidationError('breaker must be an object or false');
  }
  const given = (option === undefined ? {} : readOptions(option, 'breaker options')) as BreakerOptions;
  const window = given.window ?? 20;
  const minCalls = given.minCalls ?? 10;
  const failureRatio = given.failureRatio ?? 0.5;
  if (!Number.isInteger(window) || window < 1) throw new ValidationError('breaker window must be a positive integer');
  if (!Number.isInteger(minCalls) || minCalls < 1 || minCalls > window) {
    throw new ValidationError('breaker minCalls must be a positive integer no larger than its window');
  }
  if (typeof failureRatio !== 'number' || !(failureRatio > 0 && failureRatio <= 1)) {
    throw new ValidationError('breaker failureRatio must be a number above 0 and at most 1');
  }
  const probeMs = given.probeInterval === undefined ? 1000 : parseDuration(given.probeInterval, 'breaker probeInterval');
  return { window, minCalls, failureRatio, probeMs };
}

/** A bound in milliseconds (`false`: 0, no bound), `fallback` when absent. */
export function boundMs(option: Duration | false | undefined, name: string, fallback: number): number {
  if (option === false) return 0;
  return option === undefined ? fallback : parseDuration(option, name);
}
