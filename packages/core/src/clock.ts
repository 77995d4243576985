/**
 * A millisecond clock cheap enough for the cached-read hot path. Reading `Date.now()` costs
 * about as much as the rest of a cached read, so the time is read once and reused, until a timer
 * (at most one, unref'd) clears it a millisecond later, or after {@link REUSES} reads, whichever
 * comes first. The count matters in a loop that only awaits cached reads: it never lets a timer
 * run, and the time would otherwise stand still. When `Date.now` has been replaced (a fake clock
 * in a test), it is called every time instead.
 */
const systemNow = Date.now;
/** How many reads may reuse one reading of the time: about 2 µs of cached reads. */
const REUSES = 16;
let cached = 0;
let left = 0;
let timer = false;

function expire(): void {
  left = 0;
  timer = false;
}

/** The current time in milliseconds since the epoch, to within about a millisecond. */
export function now(): number {
  if (Date.now !== systemNow) return Date.now();
  if (left-- <= 0) {
    cached = systemNow();
    left = REUSES;
    if (!timer) {
      timer = true;
      setTimeout(expire, 1).unref();
    }
  }
  return cached;
}
