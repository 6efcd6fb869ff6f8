/**
 * Prints the plain closing line `N passed, N failed, N skipped` from vitest's JSON report, so every CI log
 * ends with the counts whatever reporter format vitest uses.
 */
import { readFileSync } from 'node:fs';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const file = process.argv[2] ?? 'test-results.json';
const report = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
