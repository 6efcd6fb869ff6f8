/**
 * Passi beside SimpleSAMLphp 1.19 as a SAML proxy, in the same run (docs/performance.md "Passi beside
 * SimpleSAMLphp"): the comparison the proxied-login goal was first stated against, measured on the same
 * machine in the same minutes instead of taken from an older run.
 *
 * Both brokers serve the same login: a SAML service → the broker → a school SAML IdP (assertion signed,
 * its own process: bench/support/school-idp-process.ts, one per broker) → the broker → the service, driven
 * by the same load client (bench/support/proxied-login-client.ts, a fresh browser per login). Both sign
 * their AuthnRequest and the assertion toward the service with keys of the same size (read from Passi's
 * metadata) and verify the school's signature. SimpleSAMLphp runs behind nginx and php-fpm with opcache
 * (bench/support/simplesamlphp-proxy.ts) and passes the school's attributes through; Passi also maps them
 * into the data model. Passi runs on the embedded store on its data folder, logging at `info` to
 * /dev/null; SimpleSAMLphp logs at NOTICE to a file and keeps its sessions in PHP's session files.
 *
 * After a warm-up of each, the two are measured in turn, BENCH_PAIRS times, so that the machine's speed
 * moving from minute to minute falls on both. Reported per run: CPU per login (Passi: its process;
 * SimpleSAMLphp: every php-fpm and nginx process), logins/s, p50/p99 latency; per pair, Passi's CPU as a
 * share of SimpleSAMLphp's; and the RSA baseline of the main proxied-login benchmark, measured before and
 * after.
 *
 * Skipped, saying why, where Debian's simplesamlphp, php-fpm or nginx is not installed.
 *
 * BENCH_SIGNING_KEY (rsa-3072, production's default and the key of the first measurement, the default here
 * | rsa-2048), BENCH_LOGINS (1000 per run), BENCH_PAIRS (3), BENCH_CONCURRENCY (4), BENCH_WARMUP (Passi's
 * warm-up, 6000 logins; SimpleSAMLphp's is 300: PHP compiles nothing further once opcache holds its files).
 */
import { spawn } from 'node:child_process';
import { readIdpMetadata } from '../src/protocols/saml/read-idp-metadata.ts';
import { type ClientResult, lineReader, percentile, runClient } from './support/bench-children.ts';
import { devNullLog } from './support/dev-null-log.ts';
import { startProxiedLoginWorld } from './support/proxied-login-world.ts';
import { certificateBits, rsaCostMeter } from './support/rsa-baseline.ts';
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

const text = async (url: string) => (await fetch(url)).text();
const fixed = (n: number) => n.toFixed(2);

/** The schools' IdP process for SimpleSAMLphp: the same program as Passi's, told SimpleSAMLphp's SP metadata. */
async function startSchoolFor(spMetadataUrl: () => Promise<string>) {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/support/school-idp-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const next = lineReader(child);
  const urls = JSON.parse(await next()) as { plain: { metadataUrl: string } };
  const xml = await text(urls.plain.metadataUrl);
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
    async connect() {
      child.stdin?.write(`${await spMetadataUrl()}\n`);
      if ((await next()) !== 'ready') throw new Error('school IdP process not ready');
    },
    close() {
      child.stdin?.end();
    },
  };
}

interface Measured {
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
    cpuPerLogin: cpuMs / Math.max(r.latencies.length, 1),
    perSecond: (r.latencies.length / r.elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

const describe = (m: Measured) =>
  `CPU ${fixed(m.cpuPerLogin)} ms/login, ${m.perSecond.toFixed(1)} logins/s, p50 ${m.p50.toFixed(1)} ms p99 ${m.p99.toFixed(1)} ms`;

const logs = devNullLog();
const world = await startProxiedLoginWorld({
  store: 'embedded',
  shortLivedState: 'auto',
  logStream: logs.stream,
  signingKeyType,
});
let ssp: Awaited<ReturnType<typeof startSimpleSamlPhpProxy>> | undefined;
let schoolForSsp: Awaited<ReturnType<typeof startSchoolFor>> | undefined;
let exitCode = 0;
try {
  const passiArgs = world.clientArgs['saml-plain'];
  const [, , flow = '', service = '', acs = ''] = passiArgs;
  const spMetadata = await text(`${world.t.baseUrl}/sp/metadata`);
  const bits = {
    idp: certificateBits(await text(`${world.t.baseUrl}/idp/shibboleth`), 'signing'),
    sp: certificateBits(spMetadata, 'signing'),
  };
  let sspSpMetadataUrl = '';
  schoolForSsp = await startSchoolFor(async () => sspSpMetadataUrl);
  ssp = await startSimpleSamlPhpProxy({
    school: schoolForSsp.school,
    service: { entityId: service, acs },
    keyBits: bits.idp,
  });
  sspSpMetadataUrl = ssp.spMetadataUrl;
  await schoolForSsp.connect();
  const sspArgs = ['simplesamlphp', ssp.baseUrl, flow, service, acs];

  const meters = new Map<number, ReturnType<typeof rsaCostMeter>>();
  const rsa = () => {
    const cost = (b: number) => {
      let m = meters.get(b);
      if (!m) {
        m = rsaCostMeter(b);
        meters.set(b, m);
      }
      return m();
    };
    return cost(bits.sp).sign + cost(schoolForSsp?.schoolBits ?? 2048).verify + cost(bits.idp).sign;
  };

  console.log(
    `Passi beside SimpleSAMLphp 1.19 as a SAML proxy: SAML service ← broker ← SAML school (signed assertion); ` +
      `RSA-${bits.idp} signing keys for both brokers, the school's RSA-${schoolForSsp.schoolBits}; ` +
      `${LOGINS} logins per run, ${CONCURRENCY} concurrent, ${PAIRS} pairs`,
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
    const rs = await runClient([...sspArgs, String(LOGINS), CONCURRENCY]);
    const simple = measured(rs, ssp.cpuMs() - s0, 'SimpleSAMLphp');
    const ratio = passi.cpuPerLogin / simple.cpuPerLogin;
    ratios.push(ratio);
    passiCpu.push(passi.cpuPerLogin);
    sspCpu.push(simple.cpuPerLogin);
    console.log(`  pair ${pair}: Passi ${describe(passi)}`);
    console.log(`          SimpleSAMLphp ${describe(simple)}`);
    console.log(`          Passi's CPU per login = ${ratio.toFixed(2)} × SimpleSAMLphp's`);
  }
  const baselineAfter = rsa();
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const baseline = (baselineBefore + baselineAfter) / 2;
  console.log(
    `  RSA baseline (sign AuthnRequest + verify assertion + sign assertion, node:crypto) ${fixed(baseline)} ms ` +
      `(${fixed(baselineBefore)} before, ${fixed(baselineAfter)} after): SimpleSAMLphp ` +
      `${(median(sspCpu) / baseline).toFixed(1)}×, Passi ${(median(passiCpu) / baseline).toFixed(1)}× it`,
  );
  console.log(
    `  median of ${PAIRS} pairs: Passi ${fixed(median(passiCpu))} ms, SimpleSAMLphp ${fixed(median(sspCpu))} ms ` +
      `per login; Passi's CPU = ${median(ratios).toFixed(2)} × SimpleSAMLphp's (pairs ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
  );
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  schoolForSsp?.close();
  await ssp?.close();
  await world.close();
}
process.exit(exitCode);
