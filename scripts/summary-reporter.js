const { writeSync } = require('node:fs');

/**
 * A jest reporter that ends every run with one plain line, `N passed, N failed, N skipped`, which
 * tools reading a run's last lines understand. Jest prints its own summary after every custom
 * reporter, so the line is written as the process exits.
 *
 * It also makes a failed run exit non-zero whatever happens after the tests: jest sets its exit
 * code only once the global teardown has finished, so a teardown that lets the event loop empty
 * (an unref'd server awaited) used to end a failed run with exit code 0.
 *
 * The line is written synchronously: an `exit` listener cannot wait for a piped stderr to drain,
 * so an asynchronous write was lost whenever jest ended the process itself (`forceExit`).
 *
 * jest runs without `forceExit`, so a handle left open is seen rather than cut off; but it must
 * not hold CI until its time bound either. If the process is still alive {@link EXIT_GRACE_MS}
 * after the run (the global teardown included), the run fails saying so.
 */
const EXIT_GRACE_MS = 30_000;

/** Writes all of `text` to `fd` now, retrying while a non-blocking pipe is full. */
function writeAll(fd, text) {
  let rest = Buffer.from(text);
  for (let tries = 0; rest.length > 0 && tries < 10_000; tries++) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if (error.code !== 'EAGAIN') return;
    }
  }
}

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`;
    // Not `results.success`: jest computes it only after the reporters' onRunComplete.
    const failed = numFailedTests > 0 || results.numFailedTestSuites > 0 || results.numRuntimeErrorTestSuites > 0;
    process.once('exit', () => {
      writeAll(2, line);
      if (failed && !process.exitCode) process.exitCode = 1;
    });
    // Unref'd: it never holds the process open itself, and fires only if something else does.
    setTimeout(() => {
      const seconds = EXIT_GRACE_MS / 1000;
      writeAll(2, `coffer: jest had not exited ${seconds} s after the run: a test left a handle open (find it with --detectOpenHandles)\n`);
      process.exit(1);
    }, EXIT_GRACE_MS).unref();
  }
}

module.exports = SummaryReporter;
