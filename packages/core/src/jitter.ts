/** The share of a ttl taken off at random, so entries stored together do not expire together. */
export const TTL_JITTER = 0.1;
/** The most taken off a ttl, in milliseconds: enough to spread a fleet's expiries over half a minute. */
export const MAX_JITTER_MS = 30_000;

/**
 * `ttlMs` less a random part of up to {@link TTL_JITTER} of it (at most {@link MAX_JITTER_MS}):
 * a fleet whose caches were filled in the same second spreads its expiries (and so its
 * refreshes, refresh-ahead included) instead of calling the backend all at once. Never longer
 * than `ttlMs`.
 */
export function jittered(ttlMs: number, random: () => number = Math.random): number {
  return ttlMs - Math.floor(Math.min(ttlMs * TTL_JITTER, MAX_JITTER_MS) * random());
}
