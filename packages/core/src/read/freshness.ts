import type { CacheAdapter, CacheEntry } from '../cache-adapter.js';
import type { ClientOptions } from '../client-options.js';
import { parseDuration } from '../duration.js';
import { ProviderError, ValidationError } from '../errors.js';
import { jittered } from '../jitter.js';
import type { SecretMetadata } from '../provider.js';

const DEFAULT_TTL = 15 * 60_000;
const DEFAULT_STALE = 24 * 3_600_000;

/**
 * How long a cached value may be served: fresh for its ttl (or a read's `maxAge`), then stale
 * (served only while the backend fails for a transient reason) for `staleIfError` more, and due
 * for a background refresh after the `refreshAhead` fraction of its ttl.
 */
export class Freshness {
  /** How long a fetched value stays fresh, in milliseconds. */
  readonly ttl: number;
  /** How long past its expiry a value may be served while the backend fails; 0 for never. */
  readonly staleMs: number;
  /** The fraction of the ttl after which a hit refreshes in the background; 0 for never. */
  readonly refreshAt: number;

  /** Checks the client's timing options (a `ValidationError` before anything is made). */
  constructor(options: ClientOptions, cache: CacheAdapter | undefined) {
    this.ttl = options.ttl === undefined ? (cache?.ttl ?? DEFAULT_TTL) : parseDuration(options.ttl, 'ttl');
    this.staleMs = options.staleIfError === false ? 0 : parseDuration(options.staleIfError ?? DEFAULT_STALE, 'staleIfError');
    this.refreshAt = refreshFraction(options.refreshAhead);
  }

  /**
   * A new entry for `value` fetched now, and how long the cache must keep it (ttl + stale bound).
   * A lease the backend gave (`backend.ttlMs`) shortens the ttl. The client's ttl is jittered (a
   * read's own `maxAge` is kept exact).
   */
  stamp(
    value: unknown,
    maxAgeMs: number | undefined,
    now: number,
    backend: { readonly ttlMs?: number; readonly metadata?: SecretMetadata } = {},
  ): { entry: CacheEntry; keepMs: number } {
    const ttl = Math.min(maxAgeMs ?? jittered(this.ttl), backend.ttlMs ?? Infinity);
    const entry: CacheEntry = { value, storedAt: now, expiresAt: now + ttl };
    return { entry: backend.metadata ? { ...entry, metadata: backend.metadata } : entry, keepMs: ttl + this.staleMs };
  }

  /** Until when `entry` is fresh: its expiry, or `maxAge` after it was stored (unless it was refreshed). */
  freshUntil(entry: CacheEntry, maxAgeMs: number | undefined): number {
    if (maxAgeMs === undefined) return entry.expiresAt;
    return entry.expiresAt > entry.storedAt ? entry.storedAt + maxAgeMs : 0;
  }

  /** Until when the hot path may serve `entry`: while fresh and not due for a refresh-ahead. */
  servedUntil(entry: CacheEntry, maxAgeMs: number | undefined): number {
    if (maxAgeMs === undefined && this.refreshAt === 0) return entry.expiresAt;
    const fresh = this.freshUntil(entry, maxAgeMs);
    return this.refreshAt === 0 ? fresh : Math.min(fresh, this.#refreshDue(entry));
  }

  /** Whether a hit on `entry` at `now` starts a background refresh (with `refreshAhead`). */
  refreshDue(entry: CacheEntry, now: number): boolean {
    return this.refreshAt > 0 && now >= this.#refreshDue(entry);
  }

  /** Whether `expired` may still be served stale at `now` (should its refresh fail). */
  mayServeStale(expired: CacheEntry, now: number): boolean {
    return this.staleMs > 0 && now < expired.expiresAt + this.staleMs;
  }

  /**
   * Whether a failed refresh may be answered with the expired entry: only a transient failure
   * (network, timeout, throttling, 5xx), and only within the stale bound. Not-found and access
   * denied are never hidden.
   */
  servesStale(error: unknown, expired: CacheEntry, now: number): boolean {
    return this.staleMs > 0 && error instanceof ProviderError && error.transient && now < expired.expiresAt + this.staleMs;
  }

  #refreshDue(entry: CacheEntry): number {
    return entry.storedAt + this.refreshAt * (entry.expiresAt - entry.storedAt);
  }
}

function refreshFraction(option: boolean | number | undefined): number {
  if (option === undefined || option === false) return 0;
  if (option === true) return 0.8;
  if (typeof option !== 'number' || !Number.isFinite(option) || option < 0 || option >= 1) {
    throw new ValidationError('refreshAhead must be a boolean or a fraction from 0 up to (not including) 1');
  }
  return option;
}
