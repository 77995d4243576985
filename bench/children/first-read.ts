/**
 * Run in a fresh Node process: loads the handler module given as argument, invokes it once and
 * prints the timings as one JSON line. `performance.now()` counts from the process start.
 */
const started = performance.now();
const { handler } = require(process.argv[2] as string) as { handler: () => Promise<unknown> };
const imported = performance.now();
handler().then(
  (value) => {
    const done = performance.now();
    process.stdout.write(`${JSON.stringify({ value, importMs: imported - started, firstReadMs: done - imported, processMs: done })}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`first read failed: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

export {};
