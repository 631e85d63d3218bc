// Sum jest --json result files into the one line CI reads: "N passed, N failed[, N skipped]".
// A missing or unreadable file counts as one failure: a run that produced no results did not pass.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const files = process.argv.slice(2);
if (files.length === 0) failed += 1;
for (const f of files) {
  try {
    const r = JSON.parse(readFileSync(f, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    // A suite that failed to load has no test results but is a failure all the same.
    failed += r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  } catch {
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
