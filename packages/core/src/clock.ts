/**
 * A millisecond clock cheap enough for the cached-read hot path. Reading `Date.now()` costs
 * about as much as the rest of a cached read, so the time is read once and reused until a timer
 * (at most one, unref'd) clears it a millisecond later. Freshness checks are thus precise to
 * about a millisecond. When `Date.now` has been replaced (a fake clock in a test), it is called
 * every time instead.
 */
const systemNow = Date.now;
let cached = 0;
let valid = false;

function invalidate(): void {
  valid = false;
}

/** The current time in milliseconds since the epoch, to within about a millisecond. */
export function now(): number {
  if (Date.now !== systemNow) return Date.now();
  if (!valid) {
    cached = systemNow();
    valid = true;
    setTimeout(invalidate, 1).unref();
  }
  return cached;
}
