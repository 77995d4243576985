// The model test's clock: `Date.now` moved forward by the clock commands, and with real time
// between them (code that waits on the clock still sees it move). Every freshness decision of
// the client reads `Date.now`.

const realNow = Date.now;
let offset = 0;

/** Replaces `Date.now` in this process; returns the function that puts it back. */
export function installClock(): () => void {
  const fake = () => realNow() + offset;
  Date.now = fake;
  return () => {
    if (Date.now === fake) Date.now = realNow;
  };
}

/** Moves this process's clock forward. */
export function stepClock(ms: number): void {
  offset += ms;
}

/** How far this process's clock is ahead of real time. */
export function clockOffset(): number {
  return offset;
}

/** Sets how far this process's clock is ahead (a child follows its parent). */
export function setClockOffset(ms: number): void {
  offset = ms;
}
