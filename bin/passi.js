#!/usr/bin/env node
// Entry point for `npx passi` and the npm scripts: runs the TypeScript CLI through tsx's loader,
// so a fresh clone needs no build step (README: `npm ci && npm start`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
