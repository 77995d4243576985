import { randomBytes } from 'node:crypto';

/**
 * The marker secret of the leak suites: upper-case letters after an `E`, so that it also looks
 * like an error code (`EACCES`) to any code that fishes codes out of messages.
 */
export function leakMarker(): string {
  const letters = [...randomBytes(14)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return `EZQLEAK${letters}`;
}

/** A scenario of a leak hunt: a name, and a call that drives one error path. */
export interface LeakScenario {
  readonly name: string;
  /** `throws`: the call must fail (so the error path is really taken); `any`: either way. */
  readonly expect: 'throws' | 'any';
  readonly run: () => Promise<unknown> | unknown;
}
