/**
 * The two functions of a test runner the suites need. jest, vitest (with globals), mocha and
 * `node:test` all have them; pass yours, or let the suites take the globals.
 *
 * @example
 * ```ts
 * import { describe, it } from 'node:test';
 * providerSuite({ ...options, runner: { describe, it } });
 * ```
 */
export interface TestRunner {
  /** Groups tests under a name. */
  describe(name: string, body: () => void): unknown;
  /** One test; the timeout (ms) is passed as a third argument, which runners may ignore. */
  it(name: string, body: () => Promise<void>, timeout?: number): unknown;
}

/** The runner given, else the global `describe` and `it` (jest, vitest with globals, mocha). */
export function resolveRunner(runner: TestRunner | undefined): TestRunner {
  if (runner) return runner;
  const globals = globalThis as { describe?: TestRunner['describe']; it?: TestRunner['it'] };
  if (typeof globals.describe === 'function' && typeof globals.it === 'function') return { describe: globals.describe, it: globals.it };
  throw new Error("@coffer/conformance needs a test runner: pass { runner: { describe, it } } (from 'node:test', vitest or mocha)");
}
