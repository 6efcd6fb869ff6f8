/**
 * Proxied logins, the way real logins go (docs/performance.md "Proxied login"): a service → Passi → the
 * school's SAML IdP → Passi → the service. Three processes on loopback: the schools' IdPs
 * (bench/support/school-idp-process.ts, signing with their own keys, one encrypting as ADFS does), Passi
 * (this process, nothing else in it) and the load client (bench/support/proxied-login-client.ts, the browser
 * and the service, a fresh browser per login). Passi's CPU per login is this process's process.cpuUsage().
 *
 * The baseline, measured in the same run with node:crypto on keys of the sizes Passi and the school
 * actually use, is the CPU of the RSA operations one login cannot do without: Passi's signature on the
 * AuthnRequest, its verification of every school signature, the RSA-OAEP key decryption of an encrypted
 * assertion, and its signature toward the service (SAML assertion or RS256 ID token).
 * Goal: Passi's CPU per login ≤ 1.5 × baseline + 1 ms.
 *
 * On PostgreSQL the server's CPU for the benchmark's connections is reported too (found by their
 * application_name, read from /proc: bench/support/postgres-backend-cpu.ts), so the embedded store, whose
 * database runs inside Passi's process, is compared with PostgreSQL plus its server.
 *
 * BENCH_LOGINS (default 200 per scenario), BENCH_CONCURRENCY (4), BENCH_STORE (embedded | postgresql),
 * BENCH_SCENARIOS (comma list of saml-plain, saml-adfs, oidc-plain), BENCH_PROFILE=path (CPU profile).
 */
import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { toUpstreamIntegration } from '../src/registry/registry-directory.ts';
import { isPostgresAvailable, TEST_POSTGRES_URL } from '../src/store/testing/test-db.ts';
import { refreshAllIdpMetadata } from '../src/upstream/saml/idp-metadata-schedule.ts';
import { createTestApp } from '../test/support/test-app.ts';
import { lineReader, percentile, runClient, startProfiler } from './support/bench-children.ts';
import { createBackendCpuMeter } from './support/postgres-backend-cpu.ts';
import { certificateBits, type RsaCosts, rsaCosts } from './support/rsa-baseline.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const WARMUP = Math.min(30, LOGINS);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'saml-plain,saml-adfs,oidc-plain').split(',');
const MANSIKKALA = '1.2.246.562.99.00000000001';
const SAML_SP = 'https://bench-sp.example.fi';
const SAML_ACS = 'https://bench-sp.example.fi/acs';
const OIDC_CLIENT = 'bench-oidc-client';
const OIDC_REDIRECT = 'https://bench-rp.example.fi/callback';

function registry(plainMetadataUrl: string, adfsMetadataUrl: string): string {
  return JSON.stringify({
    serviceSets: [{ id: 'bench', name: { fi: 'Bench' }, organisationOid: '1.2.246.562.99.00000000099' }],
    services: [
      {
        id: 'bench-sp',
        organisationOid: '1.2.246.562.99.00000000099',
        name: { fi: 'Kuormatesti SAML' },
        protocol: 'saml',
        serviceSets: ['bench'],
        alwaysAllowed: true,
        allowTestLearnerId: true,
        saml: { entityId: SAML_SP, authnRequestsSigned: false, acs: [{ location: SAML_ACS, index: 0 }] },
      },
      {
        id: 'bench-oidc',
        organisationOid: '1.2.246.562.99.00000000099',
        name: { fi: 'Kuormatesti OIDC' },
        protocol: 'oidc',
        serviceSets: ['bench'],
        alwaysAllowed: true,
        allowTestLearnerId: true,
        oidc: { clientId: OIDC_CLIENT, redirectUris: [OIDC_REDIRECT], tokenEndpointAuthMethod: 'none' },
      },
    ],
    integrations: [
      {
        id: '4000901',
        organisationOid: MANSIKKALA,
        type: 'saml',
        flowName: 'BenchPlain',
        deploymentPhase: 'test',
        settings: {
          kind: 'saml',
          metadataUrl: plainMetadataUrl,
          signAuthnRequests: true,
          requireSignedAssertion: true,
        },
        mapping: {},
        discovery: { displayName: { fi: 'BenchPlain' }, showSchools: true },
      },
      {
        id: '4000902',
        organisationOid: MANSIKKALA,
        type: 'adfs',
        flowName: 'BenchAdfs',
        deploymentPhase: 'test',
        settings: { kind: 'saml', metadataUrl: adfsMetadataUrl, requireSignedResponse: true },
        mapping: {},
        discovery: { displayName: { fi: 'BenchAdfs' }, showSchools: true },
      },
    ],
  });
}

// ---- the run -----------------------------------------------------------------------------------------

const store = process.env.BENCH_STORE === 'postgresql' ? 'postgresql' : 'embedded';
const PG_APPLICATION_NAME = `passi-bench-${process.pid}`;
// `store` keeps the embedded store's flows and single-use ids in PGlite, to compare with memory (the default).
const shortLivedState = process.env.BENCH_SHORT_LIVED_STATE === 'store' ? 'store' : 'auto';
if (store === 'postgresql' && !(await isPostgresAvailable())) {
  console.log('PostgreSQL not reachable: proxied-login benchmark skipped');
  process.exit(0);
}
const idpProcess = spawn(process.execPath, ['bin/run-ts.js', 'bench/support/school-idp-process.ts'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const fromIdp = lineReader(idpProcess);
let exitCode = 0;
try {
  const urls = JSON.parse(await fromIdp()) as {
    plain: { metadataUrl: string };
    adfs: { metadataUrl: string };
  };
  const t = await createTestApp({
    store,
    registry: registry(urls.plain.metadataUrl, urls.adfs.metadataUrl),
    config: {
      rateLimitLoginPerMinute: 1_000_000,
      rateLimitReturnPerMinute: 1_000_000,
      shortLivedState,
    },
    ...(store === 'postgresql' ? { postgresApplicationName: PG_APPLICATION_NAME } : {}),
  });
  // Polled every 500 ms from this process: a query and a few /proc reads, ≈ 0.1 ms per login at the
  // rates measured here, charged to Passi's CPU.
  const pgMeter =
    store === 'postgresql'
      ? await createBackendCpuMeter({
          connectionString: TEST_POSTGRES_URL,
          applicationName: PG_APPLICATION_NAME,
          pollMs: 500,
        })
      : undefined;
  try {
    const failed = await refreshAllIdpMetadata({
      store: t.services.upstreamMetadata,
      integrations: async () =>
        [...(await t.services.registry.current()).integrations.values()].map(toUpstreamIntegration),
    })();
    if (failed.length > 0) throw new Error(`school metadata refresh failed: ${JSON.stringify(failed)}`);
    idpProcess.stdin?.write(`${t.baseUrl}/sp/metadata\n`);
    if ((await fromIdp()) !== 'ready') throw new Error('school IdP process not ready');

    // Key sizes as deployed in this run.
    const text = async (url: string) => (await fetch(url)).text();
    const spMetadata = await text(`${t.baseUrl}/sp/metadata`);
    const jwks = (await (await fetch(`${t.baseUrl}/idp/profile/oidc/keyset`)).json()) as {
      keys: { kty: string; alg?: string; use?: string }[];
    };
    const rs256 = jwks.keys.find((k) => k.kty === 'RSA' && (k.alg ?? 'RS256') === 'RS256');
    const bits = {
      idpSigning: certificateBits(await text(`${t.baseUrl}/idp/shibboleth`), 'signing'),
      spSigning: certificateBits(spMetadata, 'signing'),
      spEncryption: certificateBits(spMetadata, 'encryption'),
      plainSchool: certificateBits(await text(urls.plain.metadataUrl), 'signing'),
      adfsSchool: certificateBits(await text(urls.adfs.metadataUrl), 'signing'),
      oidc: rs256
        ? (createPublicKey({ key: rs256, format: 'jwk' }).asymmetricKeyDetails?.modulusLength ?? 0)
        : 0,
    };
    const costs = new Map<number, RsaCosts>();
    const cost = (b: number) => {
      let c = costs.get(b);
      if (!c) {
        c = rsaCosts(b);
        costs.set(b, c);
      }
      return c;
    };
    const scenarios: Record<string, { label: string; args: string[]; ops: { what: string; ms: number }[] }> =
      {
        'saml-plain': {
          label: 'SAML service ← Passi ← SAML school (signed assertion)',
          args: ['saml', t.baseUrl, 'BenchPlain', SAML_SP, SAML_ACS],
          ops: [
            { what: `sign AuthnRequest (RSA-${bits.spSigning})`, ms: cost(bits.spSigning).sign },
            { what: `verify assertion (RSA-${bits.plainSchool})`, ms: cost(bits.plainSchool).verify },
            { what: `sign assertion (RSA-${bits.idpSigning})`, ms: cost(bits.idpSigning).sign },
          ],
        },
        'saml-adfs': {
          label:
            'SAML service ← Passi ← ADFS-style school (Response + assertion signed, AES-256-CBC + RSA-OAEP)',
          args: ['saml', t.baseUrl, 'BenchAdfs', SAML_SP, SAML_ACS],
          ops: [
            { what: `sign AuthnRequest (RSA-${bits.spSigning})`, ms: cost(bits.spSigning).sign },
            { what: `verify Response (RSA-${bits.adfsSchool})`, ms: cost(bits.adfsSchool).verify },
            { what: `decrypt key (RSA-OAEP-${bits.spEncryption})`, ms: cost(bits.spEncryption).oaepDecrypt },
            { what: `verify assertion (RSA-${bits.adfsSchool})`, ms: cost(bits.adfsSchool).verify },
            { what: `sign assertion (RSA-${bits.idpSigning})`, ms: cost(bits.idpSigning).sign },
          ],
        },
        'oidc-plain': {
          label: 'OIDC service (code + PKCE) ← Passi ← SAML school (signed assertion)',
          args: ['oidc', t.baseUrl, 'BenchPlain', OIDC_CLIENT, OIDC_REDIRECT],
          ops: [
            { what: `sign AuthnRequest (RSA-${bits.spSigning})`, ms: cost(bits.spSigning).sign },
            { what: `verify assertion (RSA-${bits.plainSchool})`, ms: cost(bits.plainSchool).verify },
            { what: `sign ID token RS256 (RSA-${bits.oidc})`, ms: cost(bits.oidc).sign },
          ],
        },
      };

    console.log(
      `Proxied login benchmark: ${LOGINS} logins per scenario, ${CONCURRENCY} concurrent, store ${store}${store === 'embedded' ? ` (login state: ${shortLivedState === 'auto' ? 'memory' : 'PGlite'})` : ''}; ` +
        'school IdPs and load client in their own processes, CPU = Passi’s process only',
    );
    for (const [b, c] of [...costs].sort((x, y) => x[0] - y[0])) {
      console.log(
        `node:crypto RSA-${b}: sign ${c.sign.toFixed(3)} ms  verify ${c.verify.toFixed(3)} ms  OAEP decrypt ${c.oaepDecrypt.toFixed(3)} ms`,
      );
    }
    const profiler = process.env.BENCH_PROFILE ? await startProfiler() : undefined;
    for (const name of SCENARIOS) {
      const s = scenarios[name];
      if (!s) throw new Error(`unknown scenario ${name}`);
      const warm = await runClient([...s.args, String(WARMUP), String(CONCURRENCY)]);
      if (warm.failures > 0) throw new Error(`${name}: ${warm.failures} warm-up logins failed`);
      await pgMeter?.start();
      const cpu0 = process.cpuUsage();
      const r = await runClient([...s.args, String(LOGINS), String(CONCURRENCY)]);
      const cpu = process.cpuUsage(cpu0);
      const pgServerMs = await pgMeter?.stop();
      const ok = r.latencies.length;
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const cpuPerLogin = (cpu.user + cpu.system) / 1000 / Math.max(ok, 1);
      const baseline = s.ops.reduce((sum, op) => sum + op.ms, 0);
      const goal = 1.5 * baseline + 1;
      console.log(`\n${name}: ${s.label}`);
      console.log(`  RSA baseline ${baseline.toFixed(2)} ms = ${s.ops.map((o) => o.what).join(' + ')}`);
      console.log(
        `  logins/s ${((ok / r.elapsedMs) * 1000).toFixed(1)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  ` +
          `p99 ${percentile(sorted, 99).toFixed(1)} ms  Passi CPU ${cpuPerLogin.toFixed(2)} ms/login ` +
          `= ${(cpuPerLogin / baseline).toFixed(1)}× baseline; goal ≤ ${goal.toFixed(2)} ms: ` +
          `${cpuPerLogin <= goal ? 'met' : 'NOT met'}` +
          (r.failures ? `  (${r.failures} failed)` : ''),
      );
      if (pgMeter && pgServerMs !== undefined) {
        const serverPerLogin = pgServerMs / Math.max(ok, 1);
        console.log(
          pgMeter.available
            ? `  PostgreSQL server CPU ${serverPerLogin.toFixed(2)} ms/login (its backends for this run's connections); ` +
                `Passi + server ${(cpuPerLogin + serverPerLogin).toFixed(2)} ms/login`
            : '  PostgreSQL server CPU: not readable (server not in this machine’s /proc)',
        );
      }
      if (r.failures > 0) exitCode = 1;
    }
    if (profiler) await profiler.stop(`${process.env.BENCH_PROFILE}-proxied.cpuprofile`);
  } finally {
    await pgMeter?.close();
    await t.close();
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  idpProcess.stdin?.end();
  const exited = new Promise((r) => idpProcess.once('exit', r));
  const timer = setTimeout(() => idpProcess.kill(), 5000);
  if (idpProcess.exitCode === null) await exited;
  clearTimeout(timer);
}
process.exit(exitCode);
