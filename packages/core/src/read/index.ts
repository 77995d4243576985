/** The read path's internals, behind one door: the client composes it from here. */
export { Breaker, type BreakerSettings, type KeyBackoffSettings } from './breaker.js';
export { ProviderCaller, wrapProviderError } from './caller.js';
export { Freshness } from './freshness.js';
export { GuardedCache } from './guarded-cache.js';
export { type ClientParts, clientParts } from './parts.js';
export { HELD } from './prepared.js';
export { ReadPipeline } from './read-pipeline.js';
export type { LeaseBounds } from './shared-flight.js';
export { ReadStats } from './stats.js';
