/** `npm run bench`: every benchmark, one after another, each reporting ratios against a baseline from its own run. */
import { spawnSync } from 'node:child_process';

interface Run {
  bench: string;
  /** Settings for this run (the bench's own environment variables), printed with its heading. */
  env?: Record<string, string>;
}

const runs: Run[] = [
  { bench: 'bench/saml-sign.bench.ts' },
  { bench: 'bench/saml-login.bench.ts' },
  { bench: 'bench/saml-proxied-login.bench.ts' },
  // The CPU goal again with production's signing key (docs/performance.md "Production's key"); the
  // half-load phase is the RSA-2048 run's above.
  {
    bench: 'bench/saml-proxied-login.bench.ts',
    env: { BENCH_SIGNING_KEY: 'rsa-3072', BENCH_HALF_LOAD_LOGINS: '0' },
  },
  // The same proxied login through SimpleSAMLphp 1.19 beside Passi's, in turn (docs/performance.md "Passi
  // beside SimpleSAMLphp"); skipped, saying why, where Debian's packages for it are not installed.
  { bench: 'bench/simplesamlphp-proxy.bench.ts' },
  { bench: 'bench/proxied-login-memory.bench.ts' },
  { bench: 'bench/embedded-store-stops.bench.ts' },
  { bench: 'bench/model-resolve.bench.ts' },
  { bench: 'bench/discovery.bench.ts' },
  { bench: 'bench/statistics-queries.bench.ts' },
];
let failed = 0;
for (const { bench, env = {} } of runs) {
  const settings = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  console.log(`\n=== ${bench}${settings.length ? ` (${settings.join(' ')})` : ''} ===`);
  const r = spawnSync(process.execPath, ['bin/run-ts.js', bench], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
