import { CacheKeys } from '../cache-keys.js';
import { checkCacheOption } from '../cache-option.js';
import type { ClientOptions } from '../client-options.js';
import { defaultCache } from '../env-config.js';
import { ValidationError } from '../errors.js';
import { backoffSettings, leaseBounds } from '../fleet-options.js';
import type { CallContext, Provider } from '../provider.js';
import { boundMs, breakerSettings } from '../resilience-options.js';
import { Breaker } from './breaker.js';
import { ProviderCaller } from './caller.js';
import { Freshness } from './freshness.js';
import { Gathering } from './gathering.js';
import { GuardedCache } from './guarded-cache.js';
import type { PipelineParts } from './read-pipeline.js';
import { ReadStats } from './stats.js';

/** What a client is made of: the pipeline's parts, and whether it made its cache itself. */
export interface ClientParts extends PipelineParts {
  /** The cache was made from the environment (`COFFER_CACHE`): the client may clear and close it. */
  readonly ownsCache: boolean;
}

/**
 * Checks a client's provider and options (a `ValidationError` before anything is made) and makes the parts
 * of its read path: the cache (given, else from the environment), freshness, the caller, the
 * breaker, the stats and the bounds.
 */
export function clientParts(provider: Provider | undefined, options: ClientOptions): ClientParts {
  if (!provider || typeof provider.name !== 'string' || (typeof provider.get !== 'function' && typeof provider.getMany !== 'function')) {
    throw new ValidationError('provider must have a name and a get or getMany operation');
  }
  const stats = new ReadStats(provider.name);
  const context: CallContext = {
    countApiCall: (count = 1) => stats.apiCalls(count),
    answeredFrom: (region) => stats.answeredFrom(region),
  };
  const keys = new CacheKeys(provider);
  const given = checkCacheOption(options.cache);
  const adapter = given === undefined ? defaultCache(keys.namespace) : given;
  const cache = adapter === false ? undefined : new GuardedCache(adapter, options.logger);
  const breaker = new Breaker(breakerSettings(options.breaker), backoffSettings(options.errorBackoff));
  const gathering = new Gathering();
  return {
    provider,
    cache,
    ownsCache: given === undefined,
    freshness: new Freshness(options, cache?.adapter),
    caller: new ProviderCaller(provider, context, (error) => breaker.called(error, Date.now()), gathering),
    gathering,
    keys,
    stats,
    lease: leaseBounds(options.lease),
    breaker,
    staleWaitMs: boundMs(options.staleWait, 'staleWait', 1000),
    writeWaitMs: boundMs(options.writeWait, 'writeWait', 50),
  };
}
