import { type Duration, parseDuration } from './duration.js';
import { ValidationError } from './errors.js';

/**
 * Options of the lease a miss takes in a shared cache (see `ClientOptions.lease`).
 *
 * @example
 * ```ts
 * new ParameterStore({ cache: tieredCache(memoryCache(), keyvCache({ store })), lease: { ttl: '10s', wait: '3s' } });
 * ```
 */
export interface LeaseOptions {
  /**
   * How long a lease lasts: a process that dies holding one blocks no one for longer.
   * @default '5s'
   */
  ttl?: Duration;
  /**
   * How long the other processes wait for the entry before they fetch for themselves.
   * @default '5s'
   */
  wait?: Duration;
}

/**
 * Options of the back-off after transient errors (see `ClientOptions.errorBackoff`), as the
 * AWS Secrets Manager caching library's `exception_retry_delay_base/growth/max`.
 *
 * @example
 * ```ts
 * new SecretsManager({ errorBackoff: { base: '2s', growth: 3, max: '5m' } });
 * ```
 */
export interface BackoffOptions {
  /**
   * The window after a first failure.
   * @default '1s'
   */
  base?: Duration;
  /**
   * What each further failure multiplies the window by.
   * @default 2
   */
  growth?: number;
  /**
   * The longest window.
   * @default '1m'
   */
  max?: Duration;
}

/** The lease bounds in milliseconds; `undefined` when turned off. */
export function leaseBounds(option: LeaseOptions | false | undefined): { ttlMs: number; waitMs: number } | undefined {
  if (option === false) return undefined;
  if (option !== undefined && (option === null || typeof option !== 'object'))
    throw new ValidationError('lease must be an object or false');
  return {
    ttlMs: option?.ttl === undefined ? 5000 : parseDuration(option.ttl, 'lease ttl'),
    waitMs: option?.wait === undefined ? 5000 : parseDuration(option.wait, 'lease wait'),
  };
}

/** The back-off settings in milliseconds; `undefined` when turned off. */
export function backoffSettings(option: BackoffOptions | false | undefined): { baseMs: number; growth: number; maxMs: number } | undefined {
  if (option === false) return undefined;
  if (option !== undefined && (option === null || typeof option !== 'object')) {
    throw new ValidationError('errorBackoff must be an object or false');
  }
  const growth = option?.growth ?? 2;
  if (typeof growth !== 'number' || !Number.isFinite(growth) || growth < 1)
    throw new ValidationError('errorBackoff growth must be a number of at least 1');
  const baseMs = option?.base === undefined ? 1000 : parseDuration(option.base, 'errorBackoff base');
  const maxMs = option?.max === undefined ? 60_000 : parseDuration(option.max, 'errorBackoff max');
  if (maxMs < baseMs) throw new ValidationError('errorBackoff max must not be shorter than its base');
  return { baseMs, growth, maxMs };
}
