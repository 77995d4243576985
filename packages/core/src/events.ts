import { channel } from 'node:diagnostics_channel';

/**
 * The `node:diagnostics_channel` channels coffer publishes on, as Node's own libraries and
 * undici do. Subscribe to watch the cache in production; nothing is built or sent while no one
 * subscribes. No message ever holds a value: names, counts, durations and error codes only.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(COFFER_CHANNELS.backendCall, (message) => {
 *   const { provider, operation, count, durationMs } = message as BackendCallEvent;
 * });
 * ```
 */
export const COFFER_CHANNELS = {
  /** A read answered from the cache: {@link CacheEvent}. */
  hit: 'coffer:cache:hit',
  /** A read that had to fetch: {@link MissEvent}. */
  miss: 'coffer:cache:miss',
  /** A read answered with an expired value because the backend failed: {@link StaleEvent}. */
  stale: 'coffer:cache:stale',
  /** One call to the backend (a batch counts once): {@link BackendCallEvent}. */
  backendCall: 'coffer:backend:call',
  /** A fetch that failed (not-found included): {@link ErrorEvent}. */
  error: 'coffer:error',
  /** Cached entries dropped or expired by `update`, `refresh` or `clear`: {@link InvalidationEvent}. */
  invalidation: 'coffer:cache:invalidation',
} as const;

/**
 * Which secret a cache event is about: the provider, the operation (`get` or `list` for
 * `getByPath`) and the path (a name, never a value).
 * @example
 * ```ts
 * const event: CacheEvent = { provider: 'aws.ps', operation: 'get', path: '/app/db/host' };
 * ```
 */
export interface CacheEvent {
  readonly provider: string;
  readonly operation: 'get' | 'list';
  readonly path: string;
}

/**
 * A miss: why the read had to fetch.
 * @example
 * ```ts
 * const event: MissEvent = { provider: 'aws.ps', operation: 'get', path: '/a', reason: 'expired' };
 * ```
 */
export interface MissEvent extends CacheEvent {
  /** `absent` (not cached), `expired` (cached but too old) or `forced` (`forceFetch`). */
  readonly reason: 'absent' | 'expired' | 'forced';
}

/**
 * A stale serve: the code of the failure the expired value covered.
 * @example
 * ```ts
 * const event: StaleEvent = { provider: 'aws.sm', operation: 'get', path: 'prod/db', code: 'PROVIDER_ERROR' };
 * ```
 */
export interface StaleEvent extends CacheEvent {
  readonly code: string;
}

/**
 * A fetch that failed, with the error's code (`SECRET_NOT_FOUND`, `PROVIDER_ERROR`, ...).
 * @example
 * ```ts
 * const event: ErrorEvent = { provider: 'aws.ps', operation: 'get', path: '/a', code: 'SECRET_NOT_FOUND' };
 * ```
 */
export interface ErrorEvent extends CacheEvent {
  readonly code: string;
}

/**
 * One backend call: the provider operation (`get`, `getMany` for a batch, `list`, `exists`,
 * `update`), how many secrets it was for, the backend requests it made (pages and retries
 * included), how long it took, and its error code when it failed.
 * @example
 * ```ts
 * const event: BackendCallEvent = { provider: 'aws.ps', operation: 'getMany', count: 10, apiCalls: 1, durationMs: 12.5 };
 * ```
 */
export interface BackendCallEvent {
  readonly provider: string;
  readonly operation: 'get' | 'getMany' | 'list' | 'exists' | 'update';
  readonly count: number;
  readonly apiCalls: number;
  readonly durationMs: number;
  readonly code?: string;
  /** The region that answered, for a provider that fails over (the last one, when a batch was split). */
  readonly region?: string;
}

/**
 * Entries dropped (`delete`) or expired (`expire`) for a secret, or for everything (`subject`
 * absent) after `clear()` or `refresh()`.
 * @example
 * ```ts
 * const event: InvalidationEvent = { provider: 'aws.ps', subject: '/app/flag', mode: 'delete', keys: 3 };
 * ```
 */
export interface InvalidationEvent {
  readonly provider: string;
  readonly subject?: string;
  readonly mode: 'delete' | 'expire';
  readonly keys: number;
}

/** The channels, made once. Publishing checks `hasSubscribers` first: free when no one listens. */
export const channels = {
  hit: channel(COFFER_CHANNELS.hit),
  miss: channel(COFFER_CHANNELS.miss),
  stale: channel(COFFER_CHANNELS.stale),
  backendCall: channel(COFFER_CHANNELS.backendCall),
  error: channel(COFFER_CHANNELS.error),
  invalidation: channel(COFFER_CHANNELS.invalidation),
};

/** The code of an error, for events: a coffer code, else the error's class name. */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : typeof error;
}
