/* global process, module */
// One line at the end of every test run naming the production-store suites that did not run, and why.
class SkippedStoresReporter {
  onRunComplete() {
    const missing = [
      ['KurrentDB', 'KURRENTDB_URL'],
      ['MongoDB', 'MONGODB_URL'],
    ].filter(([, variable]) => !process.env[variable]);
    if (missing.length === 0) return;
    const which = missing.map(([store, variable]) => `${store} (${variable} not set)`).join(' and ');
    process.stdout.write(
      `\nSkipped: the contract and end-to-end suites on ${which}: no server configured; set the URL to run them (README, "Production stores").\n`,
    );
  }
}

module.exports = SkippedStoresReporter;
