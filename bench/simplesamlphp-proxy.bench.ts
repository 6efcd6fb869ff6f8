/**
 * Passi beside SimpleSAMLphp 1.19 as a SAML proxy, in the same run (docs/performance.md "Passi beside
 * SimpleSAMLphp"): the comparison the proxied-login goal was first stated against, measured on the same
 * machine in the same minutes instead of taken from an older run.
 *
 * Both brokers serve the same login: a SAML service → the broker → a school SAML IdP (its own process:
 * bench/support/school-idp-process.ts, one per broker) → the broker → the service, driven
 * by the same load client (bench/support/proxied-login-client.ts, a fresh browser per login). Both sign
 * their AuthnRequest and the assertion toward the service with keys of the same size (read from Passi's
 * metadata) and verify the school's signature. SimpleSAMLphp runs behind nginx and php-fpm with opcache
 * (bench/support/simplesamlphp-proxy.ts) and passes the school's attributes through; Passi also maps them
 * into the data model. Passi runs on the embedded store on its data folder, logging at `info` to
 * /dev/null; SimpleSAMLphp logs at NOTICE to a file and keeps its sessions in PHP's session files.
 *
 * After a warm-up of each, the two are measured in turn, BENCH_PAIRS times, so that the machine's speed
 * moving from minute to minute falls on both. Reported per run: CPU per login (Passi: its process;
 * SimpleSAMLphp: every php-fpm and nginx process, nginx's share shown), logins/s, p50/p99 latency; per
 * pair, Passi's CPU as a share of SimpleSAMLphp's; and the RSA baseline of the main proxied-login
 * benchmark, measured before and after.
 *
 * Two schools, as in the main proxied-login benchmark: `saml-plain` signs the assertion; `saml-adfs` signs
 * the Response and the assertion and encrypts the assertion (AES-256-CBC + RSA-OAEP) to the broker's SP
 * certificate, as ADFS does. Each has a SimpleSAMLphp of its own (its IdP sends every login to one school).
 *
 * Skipped, saying why, where Debian's simplesamlphp, php-fpm or nginx is not installed.
 *
 * BENCH_SCENARIOS (comma list of saml-plain, saml-adfs; both by default), BENCH_SIGNING_KEY (rsa-3072,
 * production's default and the key of the first measurement, the default here | rsa-2048), BENCH_LOGINS
 * (1000 per run), BENCH_PAIRS (3), BENCH_CONCURRENCY (4), BENCH_WARMUP (Passi's warm-up, 6000 logins per
 * scenario; SimpleSAMLphp's is 300: PHP compiles nothing further once opcache holds its files).
 */
import { spawn } from 'node:child_process';
import { readIdpMetadata } from '../src/protocols/saml/read-idp-metadata.ts';
import { type ClientResult, lineReader, percentile, runClient } from './support/bench-children.ts';
import { devNullLog } from './support/dev-null-log.ts';
import { startProxiedLoginWorld } from './support/proxied-login-world.ts';
import { certificateBits, rsaCostMeters } from './support/rsa-baseline.ts';
import {
  type SchoolForProxy,
  simpleSamlPhpMissing,
  startSimpleSamlPhpProxy,
} from './support/simplesamlphp-proxy.ts';

const missing = simpleSamlPhpMissing();
if (missing) {
  console.log(`SimpleSAMLphp comparison skipped: SimpleSAMLphp ${missing}`);
  process.exit(0);
}

const LOGINS = Number(process.env.BENCH_LOGINS ?? 1000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const CONCURRENCY = String(Number(process.env.BENCH_CONCURRENCY ?? 4));
const PASSI_WARMUP = Number(process.env.BENCH_WARMUP ?? 6000);
const SSP_WARMUP = 300;
const signingKeyType = process.env.BENCH_SIGNING_KEY === 'rsa-2048' ? 'rsa-2048' : 'rsa-3072';
const SCHOOLS = { 'saml-plain': 'plain', 'saml-adfs': 'adfs' } as const;
type Scenario = keyof typeof SCHOOLS;
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'saml-plain,saml-adfs')
  .split(',')
  .filter((n): n is Scenario => n in SCHOOLS);

const text = async (url: string) => (await fetch(url)).text();
const fixed = (n: number) => n.toFixed(2);
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** A schools' IdP process for one SimpleSAMLphp: the same program as Passi's, told that broker's SP metadata. */
async function startSchoolFor(shape: 'plain' | 'adfs') {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/support/school-idp-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const next = lineReader(child);
  const urls = JSON.parse(await next()) as Record<'plain' | 'adfs', { metadataUrl: string }>;
  const xml = await text(urls[shape].metadataUrl);
  const metadata = readIdpMetadata(xml, { now: new Date() });
  const certificate = (metadata.signingCertificatesPem[0] ?? '').replace(/-----[^-]+-----|\s/g, '');
  if (metadata.ssoRedirectUrl === undefined || certificate === '')
    throw new Error('the school metadata has no Redirect SSO or no signing certificate');
  const school: SchoolForProxy = {
    entityId: metadata.entityId,
    ssoUrl: metadata.ssoRedirectUrl,
    certificate,
  };
  return {
    school,
    schoolBits: certificateBits(xml, 'signing'),
    async connect(spMetadataUrl: string) {
      child.stdin?.write(`${spMetadataUrl}\n`);
      if ((await next()) !== 'ready') throw new Error('school IdP process not ready');
    },
    close() {
      child.stdin?.end();
    },
  };
}

interface Measured {
  /** Requests the load client sent again because the server had closed their kept-alive connection. */
  retried: number;
  cpuPerLogin: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function measured(r: ClientResult, cpuMs: number, broker: string): Measured {
  if (r.failures > 0)
    throw new Error(`${broker}: ${r.failures} logins failed: ${r.failureReasons.join('; ')}`);
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return {
    retried: r.connectionRetries,
    cpuPerLogin: cpuMs / Math.max(r.latencies.length, 1),
    perSecond: (r.latencies.length / r.elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

const describe = (m: Measured) =>
  `CPU ${fixed(m.cpuPerLogin)} ms/login, ${m.perSecond.toFixed(1)} logins/s, p50 ${m.p50.toFixed(1)} ms p99 ${m.p99.toFixed(1)} ms` +
  (m.retried > 0 ? `, ${m.retried} requests sent again on a new connection` : '');

const meter = rsaCostMeters();
/** node:crypto's CPU for one operation with a key of `bits`, measured now. */
const rsaCost = (bits: number) => meter(bits)();

const world = await startProxiedLoginWorld({
  store: 'embedded',
  shortLivedState: 'auto',
  logStream: devNullLog().stream,
  signingKeyType,
});
const closing: (() => Promise<void> | void)[] = [];
let exitCode = 0;
try {
  const spMetadata = await text(`${world.t.baseUrl}/sp/metadata`);
  const bits = {
    idp: certificateBits(await text(`${world.t.baseUrl}/idp/shibboleth`), 'signing'),
    sp: certificateBits(spMetadata, 'signing'),
    spEncryption: certificateBits(spMetadata, 'encryption'),
  };
  console.log(
    `Passi beside SimpleSAMLphp 1.19 as a SAML proxy: SAML service ← broker ← SAML school; RSA-${bits.idp} ` +
      `keys for both brokers; ${LOGINS} logins per run, ${CONCURRENCY} concurrent, ${PAIRS} pairs, in turn`,
  );
  for (const name of SCENARIOS) {
    const shape = SCHOOLS[name];
    const passiArgs = world.clientArgs[name];
    const [, , flow = '', service = '', acs = ''] = passiArgs;
    const school = await startSchoolFor(shape);
    closing.push(() => school.close());
    const ssp = await startSimpleSamlPhpProxy({
      school: school.school,
      service: { entityId: service, acs },
      keyBits: bits.idp,
    });
    closing.push(() => ssp.close());
    await school.connect(ssp.spMetadataUrl);
    const sspArgs = ['simplesamlphp', ssp.baseUrl, flow, service, acs];
    // The RSA operations one login needs, as the main proxied-login benchmark counts them.
    const rsa = () => {
      const schoolKey = rsaCost(school.schoolBits);
      const verifies = shape === 'adfs' ? 2 : 1;
      const decrypt = shape === 'adfs' ? rsaCost(bits.spEncryption).oaepDecrypt : 0;
      return rsaCost(bits.sp).sign + verifies * schoolKey.verify + decrypt + rsaCost(bits.idp).sign;
    };

    console.log(
      `\n${name}: ` +
        (shape === 'adfs'
          ? 'ADFS-style school (Response + assertion signed, AES-256-CBC + RSA-OAEP)'
          : 'school signs the assertion') +
        `, its key RSA-${school.schoolBits}`,
    );
    const warmPassi = await runClient([...passiArgs, String(PASSI_WARMUP), CONCURRENCY]);
    const warmSsp = await runClient([...sspArgs, String(SSP_WARMUP), CONCURRENCY]);
    for (const [who, r] of [
      ['Passi', warmPassi],
      ['SimpleSAMLphp', warmSsp],
    ] as const)
      if (r.failures > 0)
        throw new Error(`${who} warm-up: ${r.failures} failed: ${r.failureReasons.join('; ')}`);
    const baselineBefore = rsa();
    const ratios: number[] = [];
    const passiCpu: number[] = [];
    const sspCpu: number[] = [];
    for (let pair = 1; pair <= PAIRS; pair++) {
      const c0 = process.cpuUsage();
      const rp = await runClient([...passiArgs, String(LOGINS), CONCURRENCY]);
      const c = process.cpuUsage(c0);
      const passi = measured(rp, (c.user + c.system) / 1000, 'Passi');
      const s0 = ssp.cpuMs();
      const n0 = ssp.nginxCpuMs();
      const rs = await runClient([...sspArgs, String(LOGINS), CONCURRENCY]);
      const simple = measured(rs, ssp.cpuMs() - s0, 'SimpleSAMLphp');
      const nginxPerLogin = (ssp.nginxCpuMs() - n0) / Math.max(rs.latencies.length, 1);
      const ratio = passi.cpuPerLogin / simple.cpuPerLogin;
      ratios.push(ratio);
      passiCpu.push(passi.cpuPerLogin);
      sspCpu.push(simple.cpuPerLogin);
      console.log(`  pair ${pair}: Passi ${describe(passi)}`);
      console.log(
        `          SimpleSAMLphp ${describe(simple)} (of the CPU, nginx ${fixed(nginxPerLogin)} ms)`,
      );
      console.log(`          Passi's CPU per login = ${ratio.toFixed(2)} × SimpleSAMLphp's`);
    }
    const baselineAfter = rsa();
    const baseline = (baselineBefore + baselineAfter) / 2;
    console.log(
      `  RSA baseline (node:crypto) ${fixed(baseline)} ms (${fixed(baselineBefore)} before, ${fixed(baselineAfter)} after): ` +
        `SimpleSAMLphp ${(median(sspCpu) / baseline).toFixed(1)}×, Passi ${(median(passiCpu) / baseline).toFixed(1)}× it`,
    );
    console.log(
      `  median of ${PAIRS} pairs: Passi ${fixed(median(passiCpu))} ms, SimpleSAMLphp ${fixed(median(sspCpu))} ms ` +
        `per login; Passi's CPU = ${median(ratios).toFixed(2)} × SimpleSAMLphp's (pairs ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
    );
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  for (const close of closing.reverse()) await close();
  await world.close();
}
process.exit(exitCode);
