import type { CacheEntry } from '@coffer/core';

// When a store will drop an entry it returned, so that a tiered cache can give the copy it
// keeps in memory the same remaining lifetime (an entry outlives its expiresAt while it may be served stale).
const dropTimes = new WeakMap<CacheEntry, number>();

/** Notes that the store drops `entry` at `at` (milliseconds since the epoch). */
export function rememberDropTime(entry: CacheEntry, at: number): void {
  dropTimes.set(entry, at);
}

/** How long `entry` has left in the store it came from: its drop time if known, else until it expires. */
export function remainingLifetime(entry: CacheEntry, now = Date.now()): number {
  return (dropTimes.get(entry) ?? entry.expiresAt) - now;
}
