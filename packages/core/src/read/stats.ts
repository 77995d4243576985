import type { ClientStats } from '../client-options.js';
import { type CacheEvent, channels, codeOf, type MissEvent } from '../events.js';

/**
 * The counters of one client and the events published beside them: the only place either
 * changes. Publishing checks `hasSubscribers` first, so it costs nothing when no one listens.
 */
export class ReadStats {
  readonly counts: ClientStats = { hits: 0, misses: 0, stale: 0, apiCalls: 0, errors: 0, refreshes: 0 };

  constructor(private readonly provider: string) {}

  /** A read answered from the cache. */
  hit(operation: 'get' | 'list', path: string): void {
    this.counts.hits++;
    if (channels.hit.hasSubscribers) channels.hit.publish(this.#about(operation, path));
  }

  /** A read that has to fetch, and why. */
  miss(operation: 'get' | 'list', path: string, reason: MissEvent['reason']): void {
    this.counts.misses++;
    if (channels.miss.hasSubscribers) channels.miss.publish({ ...this.#about(operation, path), reason });
  }

  /** A read answered with an expired value, because of `error` (or a refresh slower than the bound). */
  stale(operation: 'get' | 'list', path: string, error: unknown): void {
    this.counts.stale++;
    if (channels.stale.hasSubscribers) channels.stale.publish({ ...this.#about(operation, path), code: codeOf(error) });
  }

  /** A fetch that failed (or was refused by the breaker). */
  error(operation: 'get' | 'list', path: string, error: unknown): void {
    this.counts.errors++;
    if (channels.error.hasSubscribers) channels.error.publish({ ...this.#about(operation, path), code: codeOf(error) });
  }

  /** A background refresh started (refresh-ahead, or recovery after a failure). */
  refresh(): void {
    this.counts.refreshes++;
  }

  /** Entries dropped or expired for `subject` (`undefined`: everything). */
  invalidated(subject: string | undefined, mode: 'delete' | 'expire', keys: number): void {
    if (!channels.invalidation.hasSubscribers) return;
    channels.invalidation.publish(
      subject === undefined ? { provider: this.provider, mode, keys } : { provider: this.provider, subject, mode, keys },
    );
  }

  /** A backend call answered from `region` (a provider that fails over reports it). */
  answeredFrom(region: string): void {
    // A new frozen object each time: stats() hands out a shallow copy of the counts.
    const regions = this.counts.regions;
    this.counts.regions = Object.freeze({ ...regions, [region]: (regions?.[region] ?? 0) + 1 });
  }

  /** Backend requests the provider reported. */
  apiCalls(count: number): void {
    this.counts.apiCalls += count;
  }

  #about(operation: 'get' | 'list', path: string): CacheEvent {
    return { provider: this.provider, operation, path };
  }
}
