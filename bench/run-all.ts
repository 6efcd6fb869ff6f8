/** `npm run bench`: every benchmark, one after another, each reporting ratios against a baseline from its own run. */
import { spawnSync } from 'node:child_process';

const benches = [
  'bench/saml-sign.bench.ts',
  'bench/saml-login.bench.ts',
  'bench/saml-proxied-login.bench.ts',
  'bench/proxied-login-memory.bench.ts',
  'bench/model-resolve.bench.ts',
  'bench/discovery.bench.ts',
  'bench/statistics-queries.bench.ts',
];
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const r = spawnSync(process.execPath, ['bin/run-ts.js', bench], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
