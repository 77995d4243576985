/**
 * A jest reporter that ends every run with one plain line, `N passed, N failed, N skipped`, which
 * tools reading a run's last lines understand. Jest prints its own summary after every custom
 * reporter, so the line is written as the process exits.
 *
 * It also makes a failed run exit non-zero whatever happens after the tests: jest sets its exit
 * code only once the global teardown has finished, so a teardown that lets the event loop empty
 * (an unref'd server awaited) used to end a failed run with exit code 0.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`;
    // Not `results.success`: jest computes it only after the reporters' onRunComplete.
    const failed = numFailedTests > 0 || results.numFailedTestSuites > 0 || results.numRuntimeErrorTestSuites > 0;
    process.once('exit', () => {
      process.stderr.write(line);
      if (failed && !process.exitCode) process.exitCode = 1;
    });
  }
}

module.exports = SummaryReporter;
