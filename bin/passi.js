#!/usr/bin/env node
// Entry point for `npx passi` and the npm scripts. It runs the compiled build in dist/ when one was built
// from exactly the current sources (`npm run build`, for production: docs/operations.md "A compiled
// build"); otherwise the TypeScript sources through tsx's loader, so a fresh clone needs no build step
// (README: `npm ci && npm start`).
import { currentBuildEntry } from './compiled-build.js';

const compiled = currentBuildEntry();
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
