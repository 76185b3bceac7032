// Prints the plain closing line CI reads: "N passed, N failed, N skipped".
// Errors outside any test count as failures.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0, failed = errors.length, skipped = 0;
    for (const m of modules) {
      if (m.state() === 'failed' && m.children.size === 0) failed++;  // a file that failed to load
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
