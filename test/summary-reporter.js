/**
 * Prints one plain closing line, "N passed, N failed[, N skipped]", after jest's own summary,
 * so that any CI can read the result without knowing jest.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : '');
    process.stderr.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
