// Prints one closing line over every test runner of `npm test` (Vitest and Playwright JSON reports),
// in the plain form CI reads: "tests: N passed, N failed, N skipped". Exits 1 if any failed or none ran.
import { existsSync, readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const seen = [];

const vitest = 'test-results/vitest.json';
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  seen.push(`vitest ${r.numPassedTests}/${r.numTotalTests}`);
}

const playwright = 'test-results/playwright.json';
if (existsSync(playwright)) {
  const s = JSON.parse(readFileSync(playwright, 'utf8')).stats;
  totals.passed += s.expected + (s.flaky ?? 0);
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  seen.push(`playwright ${s.expected}/${s.expected + s.unexpected + s.skipped + (s.flaky ?? 0)}`);
}

console.log(`(${seen.join(', ') || 'no reports found'})`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
