/**
 * A millisecond clock cheap enough for the cached-read hot path, and used nowhere else: the
 * cache adapters, the full read path and every other freshness decision read `Date.now()`. Reading `Date.now()` costs
 * about as much as the rest of a cached read, so the time is read once and reused until a timer
 * (at most one, unref'd) clears it a millisecond later. A loop that only awaits cached reads
 * never lets that timer run, so the read path also tells the clock how many reads it answered
 * ({@link nowCounting}): every 64th reads the time whether or not the timer ran. That costs no
 * write on the hot path (the count is the hit counter it keeps anyway). When `Date.now` has been
 * replaced (a fake clock in a test), it is called every time instead.
 */
const systemNow = Date.now;
/** The read path reads the time again on every 64th answer (a few µs of cached reads). */
const REREAD_MASK = 63;
let cached = 0;
let valid = false;

function invalidate(): void {
  valid = false;
}

function reread(): number {
  if (Date.now !== systemNow) return Date.now();
  cached = systemNow();
  if (!valid) {
    valid = true;
    setTimeout(invalidate, 1).unref();
  }
  return cached;
}

/**
 * The time to within about a millisecond, for the hot path: `count` goes up by one with each read
 * answered, and every 64th call reads the time, so the clock moves even when the timer never runs.
 * After a long synchronous task, up to 63 hot reads may still see the time from before it.
 */
export function hotNow(count: number): number {
  return valid && (count & REREAD_MASK) !== 0 && Date.now === systemNow ? cached : reread();
}
