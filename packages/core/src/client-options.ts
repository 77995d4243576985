import type { CofferLogger } from './logger.js';
import type { CacheAdapter } from './cache-adapter.js';
import type { Duration } from './duration.js';
import type { BackoffOptions, LeaseOptions } from './fleet-options.js';
import type { Provider } from './provider.js';
import type { BreakerOptions } from './resilience-options.js';
import type { ProviderTypes } from './provider-types.js';
import { readOptions } from './read-options.js';

/**
 * Options of {@link createClient}, shared by every provider class such as `ParameterStore`.
 * @example
 * ```ts
 * const ps = new ParameterStore({ region: 'eu-west-1', ttl: '5m', staleIfError: '1h', refreshAhead: true });
 * ```
 */
export interface ClientOptions {
  /**
   * Where values are cached; `false` for no cache. When absent, `COFFER_CACHE` decides
   * (memory by default: 1000 entries, 15 minutes).
   */
  cache?: CacheAdapter | false;
  /**
   * How long a fetched value stays fresh.
   * @default the cache's ttl, else '15m'
   */
  ttl?: Duration;
  /**
   * How long past its expiry a value may still be served while the backend fails for a
   * transient reason (network, timeout, throttling, 5xx); `false` to never serve stale values.
   * @default '24h'
   */
  staleIfError?: Duration | false;
  /**
   * Refresh a value in the background when a read finds it this far into its ttl (a fraction,
   * `true` meaning 0.8), so that hot secrets never expire in front of a caller.
   * @default false
   */
  refreshAhead?: boolean | number;
  /**
   * Where warnings go, such as a cache that fails and is read around.
   * @default process warnings (`CofferWarning`)
   */
  logger?: CofferLogger;
  /**
   * Single flight across the processes sharing the cache (the SQLite file, Redis): a miss takes
   * a lease on its key for `ttl`; the others wait up to `wait` for the entry it stores, then
   * fetch for themselves. `false` turns it off. Caches that are not shared ignore it.
   * @default { ttl: '5s', wait: '5s' }
   */
  lease?: LeaseOptions | false;
  /**
   * Spaces out the refreshes of a key that has a stale value to serve: after its refresh fails
   * for a transient reason, the key is answered stale at once and refreshed at most once per
   * window (`base`, times `growth` after each further failure, at most `max`). A read with
   * nothing cached always calls (unless the breaker is open). A success resets it. `false` turns it off.
   * @default { base: '1s', growth: 2, max: '1m' }
   */
  errorBackoff?: BackoffOptions | false;
  /**
   * The circuit breaker of the backend: it opens only when at least `failureRatio` of at least
   * `minCalls` of the last `window` read calls failed for a transient reason; while open, reads are
   * answered stale (or fail fast) and one probe goes out every `probeInterval`; a success closes
   * it. `false` turns it off.
   * @default { window: 20, minCalls: 10, failureRatio: 0.5, probeInterval: '1s' }
   */
  breaker?: BreakerOptions | false;
  /**
   * How long a read of an expired value that can be served stale waits for its refresh: past
   * it, the stale value answers and the refresh goes on in the background. `false`: wait for it.
   * @default '1s'
   */
  staleWait?: Duration | false;
  /**
   * How long a read waits for a fetched value to land in the cache before it resolves: past it,
   * the write goes on in the background (`close()` and the process's `beforeExit` wait for it).
   * `false`: never wait.
   * @default '50ms'
   */
  writeWait?: Duration | false;
}

/**
 * Options of {@link createClient}: a provider plus the client options.
 * @example
 * ```ts
 * const client = createClient({ provider: memoryProvider(), cache: memoryCache({ ttl: '1m' }) });
 * ```
 */
export interface CreateClientOptions<Types extends ProviderTypes = ProviderTypes> extends ClientOptions {
  /** The provider to read from; its option types become the client's. */
  provider: Provider<Types>;
}

/**
 * Counters of one client, see {@link CofferClient.stats}.
 * @example
 * ```ts
 * const { hits, misses, stale, apiCalls }: ClientStats = client.stats();
 * ```
 */
export interface ClientStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Reads that had to fetch (including the ones then answered stale). */
  misses: number;
  /** Reads answered with an expired value because the backend failed. */
  stale: number;
  /** Backend requests made, as the provider reported them. */
  apiCalls: number;
  /** Fetches that failed (not-found included). */
  errors: number;
  /** Background refreshes started (by `refreshAhead`, or to recover from failures). */
  refreshes: number;
  /** Backend calls answered, per region, for a provider that fails over (aws.ps, aws.sm with `failoverRegions`). */
  regions?: Readonly<Record<string, number>>;
}

const CLIENT_OPTION_NAMES = [
  'cache',
  'ttl',
  'staleIfError',
  'refreshAhead',
  'logger',
  'lease',
  'errorBackoff',
  'breaker',
  'staleWait',
  'writeWait',
] as const;

/**
 * Splits constructor options into the client's (cache, ttl, staleIfError, refreshAhead, lease,
 * errorBackoff, breaker, staleWait, writeWait) and the provider's (everything else).
 *
 * @example
 * ```ts
 * const { client, provider } = splitClientOptions({ region: 'eu-west-1', ttl: '5m' });
 * ```
 */
export function splitClientOptions<T extends ClientOptions>(
  options: T = {} as T,
): { client: ClientOptions; provider: Omit<T, keyof ClientOptions> } {
  const client: Record<string, unknown> = {};
  const provider: Record<string, unknown> = { ...readOptions(options, 'options') };
  for (const name of CLIENT_OPTION_NAMES) {
    if (name in provider) client[name] = provider[name];
    delete provider[name];
  }
  return { client: client as ClientOptions, provider: provider as Omit<T, keyof ClientOptions> };
}
