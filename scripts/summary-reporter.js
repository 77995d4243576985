/**
 * A jest reporter that ends every run with one plain line, `N passed, N failed, N skipped`, which
 * tools reading a run's last lines understand. Jest prints its own summary after every custom
 * reporter, so the line is written as the process exits.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = SummaryReporter;
