// Prints one plain closing line, "jest: N passed, N failed, N skipped", that CI tooling reads.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const {
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: skipped,
      numTodoTests: todo,
      numRuntimeErrorTestSuites: broken,
    } = results;
    // After jest's own summary, so it is the last line of the run.
    process.once('exit', () => process.stdout.write(`\njest: ${passed} passed, ${failed + broken} failed, ${skipped + todo} skipped\n`));
  }
}
