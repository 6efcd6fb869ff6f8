/**
 * Complete SAML logins through the test directory (docs/performance.md): a load client in a second
 * process on loopback drives the real server; this process serves and measures its own CPU time per login,
 * next to the cost of one raw RSA signature measured in the same run.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { isPostgresAvailable } from '../src/store/testing/test-db.ts';
import { createTestApp } from '../test/support/test-app.ts';
import { percentile, startProfiler } from './support/bench-children.ts';
import { benchPoolThreadScheduling } from './support/proxied-login-world.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REGISTRY = `
serviceSets:
  - id: bench
    name: { fi: Bench }
    organisationOid: 1.2.246.562.99.00000000099
services:
  - id: bench-sp
    organisationOid: 1.2.246.562.99.00000000099
    name: { fi: Kuormatesti }
    protocol: saml
    serviceSets: [bench]
    allowTestLearnerId: true
    saml:
      entityId: https://bench-sp.example.fi
      authnRequestsSigned: false
      acs:
        - location: https://bench-sp.example.fi/acs
          index: 0
`;

function rawRsaSignatureMs(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(64, 7);
  for (let i = 0; i < 50; i++) sign('sha256', data, privateKey);
  const n = 500;
  const t = performance.now();
  for (let i = 0; i < n; i++) sign('sha256', data, privateKey);
  return (performance.now() - t) / n;
}

async function run(store: 'embedded' | 'postgresql') {
  // Rate limits stay on (their cost is part of a login) with budgets the load client never reaches.
  const t = await createTestApp({
    store,
    registry: REGISTRY,
    config: {
      rateLimitLoginPerMinute: 1_000_000,
      rateLimitReturnPerMinute: 1_000_000,
      poolThreadScheduling: benchPoolThreadScheduling(),
    },
  });
  try {
    const client = (count: number) =>
      new Promise<{ latencies: number[]; failures: number; elapsedMs: number }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            'bin/run-ts.js',
            'bench/support/login-load-client.ts',
            t.baseUrl,
            'https://bench-sp.example.fi',
            'https://bench-sp.example.fi/acs',
            String(count),
            String(CONCURRENCY),
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (d) => {
          out += String(d);
        });
        child.on('exit', (code) =>
          code === 0
            ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'))
            : reject(new Error(`client exit ${code}`)),
        );
      });
    await client(20); // warm-up: JIT, caches, connection pool
    const profiler = process.env.BENCH_PROFILE ? await startProfiler() : undefined;
    const cpu0 = process.cpuUsage();
    const result = await client(LOGINS);
    const cpu = process.cpuUsage(cpu0);
    if (profiler) await profiler.stop(`${process.env.BENCH_PROFILE}-${store}.cpuprofile`);
    const ok = result.latencies.length;
    const sorted = [...result.latencies].sort((a, b) => a - b);
    return {
      store,
      logins: ok,
      failures: result.failures,
      loginsPerSecond: (ok / result.elapsedMs) * 1000,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      serverCpuMsPerLogin: (cpu.user + cpu.system) / 1000 / Math.max(ok, 1),
    };
  } finally {
    await t.close();
  }
}

const rsa = rawRsaSignatureMs();
console.log(
  `SAML login benchmark: ${LOGINS} complete logins, ${CONCURRENCY} concurrent, load client in a second process`,
);
console.log(`baseline: one raw RSA-2048 SHA-256 signature = ${rsa.toFixed(3)} ms`);
const wanted = (process.env.BENCH_STORES ?? 'embedded,postgresql').split(',');
const stores: ('embedded' | 'postgresql')[] = [];
if (wanted.includes('embedded')) stores.push('embedded');
if (wanted.includes('postgresql')) {
  if (await isPostgresAvailable()) stores.push('postgresql');
  else console.log('PostgreSQL not reachable: PostgreSQL run skipped');
}
// A failed login makes the figures meaningless: `npm run bench` must say so by its exit code.
let failedLogins = 0;
for (const store of stores) {
  const r = await run(store);
  failedLogins += r.failures;
  console.log(
    `${r.store.padEnd(10)} logins/s ${r.loginsPerSecond.toFixed(1).padStart(7)}  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ` +
      `server CPU ${r.serverCpuMsPerLogin.toFixed(2)} ms/login = ${(r.serverCpuMsPerLogin / rsa).toFixed(1)}× one RSA signature` +
      (r.failures ? `  (${r.failures} failed)` : ''),
  );
}
process.exit(failedLogins > 0 ? 1 : 0);
