/**
 * Proxied logins, the way real logins go (docs/performance.md "Proxied login"): a service → Passi → the
 * school's SAML IdP → Passi → the service. Three processes on loopback: the schools' IdPs
 * (bench/support/school-idp-process.ts, signing with their own keys, one encrypting as ADFS does), Passi
 * (this process, nothing else in it) and the load client (bench/support/proxied-login-client.ts, the browser
 * and the service, a fresh browser per login). Passi's CPU per login is this process's process.cpuUsage().
 *
 * The baseline, measured with node:crypto on keys of the sizes Passi and the school actually use, right
 * before and right after each scenario's measured run (their mean; the main thread's own CPU), is the CPU
 * of the RSA operations one login cannot do without: Passi's signature on the AuthnRequest, its
 * verification of every school signature, the RSA-OAEP key decryption of an encrypted assertion, and its
 * signature toward the service (SAML assertion or RS256 ID token).
 * Goal: Passi's CPU per login ≤ 1.5 × baseline + 1 ms.
 *
 * On PostgreSQL the server's CPU for the benchmark's connections is reported too (found by their
 * application_name, read from /proc: bench/support/postgres-backend-cpu.ts), so the embedded store, whose
 * database runs inside Passi's process, is compared with PostgreSQL plus its server.
 *
 * Half load: after the closed-loop measurement, the maximum throughput is found (the better of the run
 * at BENCH_CONCURRENCY and a probe at twice that), then an open-loop client drives logins at half that
 * rate (random arrivals, latency counted from when each login was due) and the latency Passi adds
 * — the login's latency less its time at the school IdP — is reported. Goal: p99 < 20 ms.
 *
 * Both phases also report the garbage collector's pauses on Passi's thread (bench/support/gc-pauses.ts):
 * their share of the event loop's busy time, and the longest, which a request arriving then waits out.
 *
 * BENCH_LOGINS (default 1000 per scenario), BENCH_WARMUP (logins first, not measured; default 6000 for the
 * SAML scenarios and 5000 for the OIDC one),
 * BENCH_CONCURRENCY (4), BENCH_STORE (embedded | postgresql),
 * BENCH_EMBEDDED_STORAGE (disk, as `npm start` runs it, the default | memory, as the tests run it),
 * BENCH_PIN=1 (Passi on CPU 0, the school IdPs and the load client on the others: bench/support/cpu-pinning.ts),
 * BENCH_SIGNING_KEY (rsa-2048, the default, as the tests | rsa-3072, production's default | ec-p256),
 * BENCH_POOL_THREAD_SCHEDULING (batch, production's default | normal: libuv's pool threads left as they
 * are; src/ops/pool-thread-scheduling.ts),
 * BENCH_SCENARIOS (comma list of saml-plain, saml-adfs, oidc-plain), BENCH_PROFILE=path (a CPU profile
 * of each scenario's measured run, path-<scenario>.cpuprofile, and of its half-load run,
 * path-<scenario>-half-load.cpuprofile), BENCH_HEAP_PROFILE=path (what each scenario's measured run
 * allocated, sampled, path-<scenario>.heapprofile; with BENCH_HEAP_KEPT=1 what it left reachable after a
 * full collection instead),
 * BENCH_HALF_LOAD_LOGINS (default 3 × BENCH_LOGINS; 0 skips the half-load phase), BENCH_LOG=silent (Passi
 * logs nothing; by default it logs at `info` to /dev/null, as `npm start` logs to its standard output),
 * BENCH_HTTP_FLOOR=0 (skips the HTTP floor: one recorded login's exchanges replayed against a server that
 * does nothing else, bench/support/http-floor.ts).
 */
import { createPublicKey } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type PoolSchedulingOutcome, schedulePoolThreadsOnce } from '../src/ops/pool-thread-scheduling.ts';
import { isPostgresAvailable, TEST_POSTGRES_URL } from '../src/store/testing/test-db.ts';
import {
  type ClientResult,
  percentile,
  runClient as runLoadClient,
  startHeapProfiler,
  startProfiler,
  startStallCanary,
} from './support/bench-children.ts';
import { benchCpuPinning } from './support/cpu-pinning.ts';
import { devNullLog } from './support/dev-null-log.ts';
import { meterEmbeddedStore, STALL_MS } from './support/embedded-store-time.ts';
import { describeGcPauses, meterGcPauses } from './support/gc-pauses.ts';
import { measureHttpFloor } from './support/http-floor.ts';
import { logWarnings } from './support/log-warnings.ts';
import { createBackendCpuMeter } from './support/postgres-backend-cpu.ts';
import {
  benchEmbeddedStorage,
  benchPoolThreadScheduling,
  startProxiedLoginWorld,
} from './support/proxied-login-world.ts';
import { cpuForP99, simulateQueue } from './support/queue-model.ts';
import { certificateBits, type RsaCosts, rsaCostMeters } from './support/rsa-baseline.ts';
import { serverSideTimes } from './support/server-side-times.ts';
import { meterThreadTimes } from './support/thread-times.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
// Three times the measured logins: the p99 of 1,000 is their 10 slowest, which one moment of the machine
// can decide alone (docs/performance.md "A quiet machine, and a failed login's reason in the report").
const HALF_LOAD_LOGINS = Number(process.env.BENCH_HALF_LOAD_LOGINS ?? 3 * LOGINS);
// V8 is still compiling the login's hot paths for the first thousands of logins (docs/performance.md
// "Warm-up", "How long the compiling goes on", "How long the SAML warm-up goes on"); the measured run
// starts after this many, and the warm-up's own cost is printed beside it. BENCH_WARMUP sets it for every
// scenario.
const SAML_WARMUP = 6000;
const WARMUP_OVERRIDE = process.env.BENCH_WARMUP === undefined ? undefined : Number(process.env.BENCH_WARMUP);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'saml-plain,saml-adfs,oidc-plain').split(',');
/** The latency Passi may add at half its maximum throughput (docs/performance.md). */
const HALF_LOAD_P99_GOAL_MS = 20;

const store = process.env.BENCH_STORE === 'postgresql' ? 'postgresql' : 'embedded';
// `store` keeps the embedded store's flows and single-use ids in PGlite, to compare with memory (the default).
const shortLivedState = process.env.BENCH_SHORT_LIVED_STATE === 'store' ? 'store' : 'auto';
const SIGNING_KEYS = ['rsa-2048', 'rsa-3072', 'ec-p256'] as const;
const signingKeyType = SIGNING_KEYS.find((k) => k === process.env.BENCH_SIGNING_KEY) ?? 'rsa-2048';
const embeddedStorage = benchEmbeddedStorage();
const PG_APPLICATION_NAME = `passi-bench-${process.pid}`;
if (store === 'postgresql' && !(await isPostgresAvailable())) {
  console.log('PostgreSQL not reachable: proxied-login benchmark skipped');
  process.exit(0);
}

// Passi logs at `info` unless told otherwise, as `npm start` does: each line is serialised, redacted and
// written with one write(2), as pino's default destination does; here to /dev/null.
const serverTimes = serverSideTimes();
// Passi's warnings and errors, the first few printed at the end: a failed login's reason on Passi's side is
// part of the report.
const passiWarnings = logWarnings(5);
const logLines =
  process.env.BENCH_LOG === 'silent'
    ? undefined
    : devNullLog((line) => {
        serverTimes.observe(line);
        passiWarnings.observe(line);
      });
// The embedded database runs on a thread of Passi's own: its share of Passi's CPU, shown apart.
const embeddedMeter = store === 'embedded' ? meterEmbeddedStore() : undefined;
// The collector's pauses on Passi's thread: a part of the event loop's busy time, and of the tail.
const gcPauses = meterGcPauses();
// The event loop's CPU and its wait for a CPU, apart from the threads beside it.
const threadTimes = meterThreadTimes();

const pinning = benchCpuPinning();
interface RsaOp {
  what: string;
  bits: number;
  kind: keyof RsaCosts;
}

/** Before and after a run more than this apart: the machine's speed changed, and the verdict says so. */
const RSA_DRIFT_LIMIT = 0.15;

/** The CPU of a login's RSA operations, measured now with node:crypto on keys of the sizes deployed. */
function rsaBaseline(ops: RsaOp[], meter: (bits: number) => () => RsaCosts) {
  const costs = new Map<number, RsaCosts>();
  for (const o of ops) if (!costs.has(o.bits)) costs.set(o.bits, meter(o.bits)());
  const ms = ops.reduce((sum, o) => sum + (costs.get(o.bits)?.[o.kind] ?? 0), 0);
  const detail = [...costs]
    .sort((x, y) => x[0] - y[0])
    .map(
      ([b, c]) =>
        `RSA-${b} sign ${c.sign.toFixed(3)}, verify ${c.verify.toFixed(3)}, OAEP decrypt ${c.oaepDecrypt.toFixed(3)} ms`,
    )
    .join('; ');
  return { ms, detail };
}

const runClient = (args: string[]) => runLoadClient(args, (pid) => pinning?.pin(pid, 'others'));

const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The failed logins of a run with the first errors, so that the report keeps why they failed; and the
 * requests the load client sent again because the server had closed their kept-alive connection.
 */
function failedLogins(r: ClientResult): string {
  const retried =
    r.connectionRetries === 0
      ? ''
      : `  (${r.connectionRetries} requests sent again on a new connection, as a browser does: ${r.connectionRetryExamples.join(' | ')})`;
  if (r.failures === 0) return retried;
  return `  (${r.failures} failed: ${r.failureReasons.join(' | ')})${retried}`;
}
const rateOf = (r: ClientResult) => (r.latencies.length / r.elapsedMs) * 1000;
/** Each login's latency less its time at the school IdP, sorted: what the previous measure of Passi's share was. */
const withoutSchool = (r: ClientResult) =>
  r.latencies.map((l, i) => l - (r.schoolMs[i] ?? 0)).sort((a, b) => a - b);

/**
 * Which of a login's answers the tail is in: each exchange's p50 and p99, and its mean share of the logins
 * above the p99 of the sum. Exchanges are named by the first recorded login's paths.
 */
function byExchange(r: ClientResult, p99: number, named: ClientResult['exchanges']): string {
  const tail = r.passiSteps.filter((_, i) => (r.passiLatencies[i] ?? 0) >= p99);
  const steps = Math.max(...r.passiSteps.map((s) => s.length));
  const parts: string[] = [];
  for (let i = 0; i < steps; i++) {
    const at = r.passiSteps.map((s) => s[i] ?? 0).sort((a, b) => a - b);
    const inTail = tail.reduce((sum, s) => sum + (s[i] ?? 0), 0) / Math.max(tail.length, 1);
    const path = named?.[i]?.path.split('?')[0] ?? `#${i + 1}`;
    parts.push(
      `${path} p50 ${ms(percentile(at, 50))} p99 ${ms(percentile(at, 99))}, ${ms(inTail)} in the tail's logins`,
    );
  }
  // Logins slowed by one stall of the machine or of Passi started close together; a tail of Passi's own
  // queueing, spread over the run, does not.
  const windows = new Set(
    r.startedAt.filter((_, i) => (r.passiLatencies[i] ?? 0) >= p99).map((t) => Math.floor(t / 500)),
  );
  const seconds = Math.max(...r.startedAt) / 1000;
  return (
    `by exchange: ${parts.join('; ')}; the ${tail.length} logins at or above the p99 started in ` +
    `${windows.size} of the run's ${Math.ceil(seconds * 2)} half-seconds`
  );
}

/** Whether login `i` was in flight during any of `stalls` ([start in ms since the epoch, duration]). */
function inFlightDuring(r: ClientResult, i: number, stalls: [number, number][]): boolean {
  const from = r.startEpochMs + (r.startedAt[i] ?? 0);
  const to = from + (r.latencies[i] ?? 0);
  return stalls.some(([at, took]) => at < to && at + took > from);
}

/**
 * How many of the tail's logins (added by Passi at or above the p99) were in flight during each kind of
 * stall, against the share of all logins that were: Passi's collector pauses and the load client's of 2 ms
 * or more, and the times the stall canary (stall-canary-process.ts) woke 5 ms or more late.
 */
function tailAndStalls(
  r: ClientResult,
  p99: number,
  stalls: { what: string; at: [number, number][] }[],
): string {
  const count = (pauses: [number, number][]) => {
    let tail = 0;
    let tailAll = 0;
    let all = 0;
    r.latencies.forEach((_, i) => {
      const hit = inFlightDuring(r, i, pauses);
      if (hit) all++;
      if ((r.passiLatencies[i] ?? 0) >= p99) {
        tailAll++;
        if (hit) tail++;
      }
    });
    return `${tail} of ${tailAll} (of all logins ${((100 * all) / Math.max(r.latencies.length, 1)).toFixed(0)} %)`;
  };
  const longest = (at: [number, number][]) => Math.max(0, ...at.map(([, took]) => took));
  return `the tail's logins in flight during ${stalls
    .map((s) => `${s.what} (${s.at.length}, longest ${ms(longest(s.at))}): ${count(s.at)}`)
    .join('; ')}`;
}

/**
 * The p99 added by Passi over the logins that were not in flight while the stall canary woke late: what
 * the tail is without the moments the whole machine stood still. Shown beside the goal's figure, never
 * instead of it.
 */
function p99OutsideStalls(r: ClientResult, machineStalls: [number, number][]): string {
  const kept = r.passiLatencies.filter((_, i) => !inFlightDuring(r, i, machineStalls));
  const sorted = kept.sort((a, b) => a - b);
  return `without the ${r.passiLatencies.length - kept.length} logins in flight while the canary woke late, added by Passi p99 ${ms(percentile(sorted, 99))}`;
}

/** Max throughput, then an open-loop run at half of it: what a person waits for Passi at that load. */
async function halfLoad(
  name: string,
  args: string[],
  measured: ClientResult,
  cost: { cpuMsPerLogin: number; requestsPerLogin: number },
): Promise<void> {
  const probe = await runClient([
    ...args,
    String(Math.max(20, Math.floor(LOGINS / 2))),
    String(2 * CONCURRENCY),
  ]);
  const max = Math.max(rateOf(measured), rateOf(probe));
  const rate = max / 2;
  // How long Passi's own thread was busy before it could look at a ready socket: tells a stall inside
  // Passi (a long synchronous task, a GC pause) from time lost to the other processes on the same cores.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  serverTimes.start();
  await gcPauses.take();
  embeddedMeter?.take();
  const canary = await startStallCanary();
  const profiler = process.env.BENCH_PROFILE ? await startProfiler() : undefined;
  // Around the load only: starting the CPU profiler stops this thread for 0.1–0.2 s, which is not Passi's.
  loopDelay.enable();
  const r = await runClient([...args, String(HALF_LOAD_LOGINS), '0', rate.toFixed(3)]);
  loopDelay.disable();
  const serverSide = serverTimes.stop();
  await profiler?.stop(`${process.env.BENCH_PROFILE}-${name}-half-load.cpuprofile`);
  const canaryLate = await canary.stop();
  const gc = await gcPauses.take();
  const embeddedTime = embeddedMeter?.take();
  const total = [...r.latencies].sort((a, b) => a - b);
  const passi = [...r.passiLatencies].sort((a, b) => a - b);
  const lessSchool = withoutSchool(r);
  const p99 = percentile(passi, 99);
  console.log(
    `  half load: max ${max.toFixed(1)} logins/s (closed loop at ${CONCURRENCY}: ${rateOf(measured).toFixed(1)}, ` +
      `at ${2 * CONCURRENCY}: ${rateOf(probe).toFixed(1)}); open loop at ${rate.toFixed(1)} logins/s, ` +
      `${r.latencies.length} logins, achieved ${rateOf(r).toFixed(1)}/s`,
  );
  console.log(
    `    login latency p50 ${ms(percentile(total, 50))} p99 ${ms(percentile(total, 99))}; ` +
      `added by Passi (its answers, request sent → answer read, summed per login) p50 ${ms(percentile(passi, 50))} p99 ${ms(p99)}; ` +
      `goal p99 < ${HALF_LOAD_P99_GOAL_MS} ms: ${p99 < HALF_LOAD_P99_GOAL_MS ? 'met' : 'NOT met'}` +
      failedLogins(r),
  );
  console.log(`    ${byExchange(r, p99, measured.exchanges)}`);
  console.log(
    `    ${tailAndStalls(r, p99, [
      { what: "Passi's collector pauses of 2 ms or more", at: gc.long },
      { what: "the load client's", at: r.clientGcPauses },
      { what: 'the stall canary waking 5 ms or more late', at: canaryLate },
    ])}; ${p99OutsideStalls(r, canaryLate)}`,
  );
  console.log(
    `    the login less the school's time, as the load client saw it (also its own work between requests and its timers' lateness): ` +
      `p50 ${ms(percentile(lessSchool, 50))} p99 ${ms(percentile(lessSchool, 99))}`,
  );
  // The same load on an ideal single thread (bench/support/queue-model.ts): the tail the event loop's
  // busy time per login alone implies; the time at the school and the service, spread over the gaps between Passi's requests.
  const atSchool = r.schoolMs.reduce((sum, m) => sum + m, 0);
  const hopMs = atSchool / Math.max(r.latencies.length, 1) / Math.max(cost.requestsPerLogin - 1, 1);
  const model = simulateQueue({ ...cost, loginsPerSecond: rateOf(r), hopMs });
  const needed = cpuForP99({
    p99GoalMs: HALF_LOAD_P99_GOAL_MS,
    requestsPerLogin: cost.requestsPerLogin,
    utilisation: 0.5,
    hopMs,
  });
  console.log(
    `    queueing alone (one thread, ${cost.requestsPerLogin} requests per login, ${cost.cpuMsPerLogin.toFixed(1)} ms of event-loop time, ` +
      `Poisson arrivals at this rate, utilisation ${model.utilisation.toFixed(2)}): added p50 ${ms(model.p50)} p99 ${ms(model.p99)}; ` +
      `p99 < ${HALF_LOAD_P99_GOAL_MS} ms at half load needs ≤ ${needed.toFixed(1)} ms of it per login`,
  );
  if (logLines) {
    const perRequest = serverSide.perRequest.sort((a, b) => a - b);
    const perFlow = serverSide.perFlow.sort((a, b) => a - b);
    console.log(
      `    Passi's own time from its log (request read → response sent): per request p50 ${ms(percentile(perRequest, 50))} ` +
        `p99 ${ms(percentile(perRequest, 99))}; per login, its requests that carry the flow id (${cost.requestsPerLogin === 2 ? 'both' : `two of ${cost.requestsPerLogin}`}), ` +
        `p50 ${ms(percentile(perFlow, 50))} p99 ${ms(percentile(perFlow, 99))}`,
    );
  }
  const nsToMs = (ns: number) => ms(ns / 1e6);
  console.log(
    `    Passi's event loop delay p50 ${nsToMs(loopDelay.percentile(50))} p99 ${nsToMs(loopDelay.percentile(99))} ` +
      `max ${nsToMs(loopDelay.max)} (sampled every 1 ms); ${describeGcPauses(gc, r.latencies.length)}` +
      (embeddedTime
        ? `; the longest wait for PGlite's answer ${ms(embeddedTime.longestMs)}, ${embeddedTime.stalls} over ${STALL_MS} ms`
        : ''),
  );
  if (r.failures > 0) exitCode = 1;
}

let exitCode = 0;
try {
  const world = await startProxiedLoginWorld({
    store,
    shortLivedState,
    signingKeyType,
    embeddedStorage,
    ...(pinning ? { pinning } : {}),
    ...(logLines ? { logStream: logLines.stream } : {}),
    ...(store === 'postgresql' ? { postgresApplicationName: PG_APPLICATION_NAME } : {}),
  });
  const { t, urls } = world;
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
    // The RSA operations are measured right before and right after each scenario's measured run: this
    // machine's speed drifts within a run, and a baseline taken minutes earlier moved the goal with it
    // (docs/performance.md "The baseline beside the run").
    const meter = rsaCostMeters();
    const op = (what: string, b: number, kind: keyof RsaCosts): RsaOp => ({
      what: `${what} (RSA-${kind === 'oaepDecrypt' ? 'OAEP-' : ''}${b})`,
      bits: b,
      kind,
    });
    const scenarios: Record<
      string,
      {
        label: string;
        args: string[];
        requestsPerLogin: number;
        warmup: number;
        ops: RsaOp[];
      }
    > = {
      'saml-plain': {
        label: 'SAML service ← Passi ← SAML school (signed assertion)',
        args: world.clientArgs['saml-plain'],
        // SSO, ACS.
        requestsPerLogin: 2,
        warmup: WARMUP_OVERRIDE ?? SAML_WARMUP,
        ops: [
          op('sign AuthnRequest', bits.spSigning, 'sign'),
          op('verify assertion', bits.plainSchool, 'verify'),
          op('sign assertion', bits.idpSigning, 'sign'),
        ],
      },
      'saml-adfs': {
        label:
          'SAML service ← Passi ← ADFS-style school (Response + assertion signed, AES-256-CBC + RSA-OAEP)',
        args: world.clientArgs['saml-adfs'],
        requestsPerLogin: 2,
        warmup: WARMUP_OVERRIDE ?? SAML_WARMUP,
        ops: [
          op('sign AuthnRequest', bits.spSigning, 'sign'),
          op('verify Response', bits.adfsSchool, 'verify'),
          op('decrypt key', bits.spEncryption, 'oaepDecrypt'),
          op('verify assertion', bits.adfsSchool, 'verify'),
          op('sign assertion', bits.idpSigning, 'sign'),
        ],
      },
      'oidc-plain': {
        label: 'OIDC service (code + PKCE) ← Passi ← SAML school (signed assertion)',
        args: world.clientArgs['oidc-plain'],
        // Authorization request (which starts the login), ACS, authorization resumed, token request.
        requestsPerLogin: 4,
        warmup: WARMUP_OVERRIDE ?? 5000,
        ops: [
          op('sign AuthnRequest', bits.spSigning, 'sign'),
          op('verify assertion', bits.plainSchool, 'verify'),
          op('sign ID token RS256', bits.oidc, 'sign'),
        ],
      },
    };

    console.log(
      `Proxied login benchmark: ${LOGINS} logins per scenario, ${CONCURRENCY} concurrent, store ${store}${store === 'embedded' ? ` (on ${embeddedStorage}, login state: ${shortLivedState === 'auto' ? 'memory' : 'PGlite'})` : ''}; ` +
        'school IdPs and load client in their own processes, CPU = Passi’s process only' +
        (pinning ? `; ${pinning.describe}` : '') +
        `; libuv's pool threads: ${describePoolScheduling(await schedulePoolThreadsOnce(benchPoolThreadScheduling()))}`,
    );
    for (const name of SCENARIOS) {
      const s = scenarios[name];
      if (!s) throw new Error(`unknown scenario ${name}`);
      const warmCpu0 = process.cpuUsage();
      const warm = await runClient([...s.args, String(s.warmup), String(CONCURRENCY)]);
      const warmCpu = process.cpuUsage(warmCpu0);
      if (warm.failures > 0) throw new Error(`${name}: warm-up logins failed${failedLogins(warm)}`);
      const rsaBefore = rsaBaseline(s.ops, meter);
      await pgMeter?.start();
      embeddedMeter?.take();
      await gcPauses.take();
      const lines0 = logLines?.count() ?? 0;
      threadTimes?.take();
      // The profile covers the measured run only, after the warm-up's compiling.
      const profiler = process.env.BENCH_PROFILE ? await startProfiler() : undefined;
      const heapProfiler = process.env.BENCH_HEAP_PROFILE
        ? await startHeapProfiler(process.env.BENCH_HEAP_KEPT === '1')
        : undefined;
      const cpu0 = process.cpuUsage();
      const loop0 = performance.eventLoopUtilization();
      const r = await runClient([...s.args, String(LOGINS), String(CONCURRENCY)]);
      const cpu = process.cpuUsage(cpu0);
      const loop = performance.eventLoopUtilization(loop0);
      const threads = threadTimes?.take();
      await profiler?.stop(`${process.env.BENCH_PROFILE}-${name}.cpuprofile`);
      await heapProfiler?.stop(`${process.env.BENCH_HEAP_PROFILE}-${name}.heapprofile`);
      const pgServerMs = await pgMeter?.stop();
      const embeddedTime = embeddedMeter?.take();
      const gc = await gcPauses.take();
      const rsaAfter = rsaBaseline(s.ops, meter);
      const ok = r.latencies.length;
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const passiSorted = [...r.passiLatencies].sort((a, b) => a - b);
      const lessSchool = withoutSchool(r);
      const cpuPerLogin = (cpu.user + cpu.system) / 1000 / Math.max(ok, 1);
      const linesLogged = logLines ? logLines.count() - lines0 : 0;
      const baseline = (rsaBefore.ms + rsaAfter.ms) / 2;
      const goal = 1.5 * baseline + 1;
      console.log(`\n${name}: ${s.label}`);
      console.log(
        `  warm-up ${s.warmup} logins first (not counted below): Passi CPU ${((warmCpu.user + warmCpu.system) / 1000 / Math.max(warm.latencies.length, 1)).toFixed(2)} ms/login, ` +
          "V8's optimising compiler still at work",
      );
      console.log(
        `  RSA baseline ${baseline.toFixed(2)} ms = ${s.ops.map((o) => o.what).join(' + ')}; ` +
          `node:crypto measured right before the run ${rsaBefore.ms.toFixed(2)} ms (${rsaBefore.detail}), ` +
          `right after ${rsaAfter.ms.toFixed(2)} ms`,
      );
      const drift = Math.abs(rsaAfter.ms - rsaBefore.ms) / Math.min(rsaAfter.ms, rsaBefore.ms);
      if (drift > RSA_DRIFT_LIMIT) {
        console.log(
          `  the machine's speed changed during this run (RSA baseline ${(drift * 100).toFixed(0)} % apart before and after): the verdict below is uncertain`,
        );
      }
      console.log(
        `  logins/s ${((ok / r.elapsedMs) * 1000).toFixed(1)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  ` +
          `p99 ${percentile(sorted, 99).toFixed(1)} ms  Passi CPU ${cpuPerLogin.toFixed(2)} ms/login ` +
          `= ${(cpuPerLogin / baseline).toFixed(1)}× baseline; goal ≤ ${goal.toFixed(2)} ms: ` +
          `${cpuPerLogin <= goal ? 'met' : 'NOT met'}` +
          failedLogins(r),
      );
      console.log(
        `  added by Passi (its answers, summed per login) p50 ${ms(percentile(passiSorted, 50))} p99 ${ms(percentile(passiSorted, 99))}; ` +
          `the login less the school's time p50 ${ms(percentile(lessSchool, 50))} p99 ${ms(percentile(lessSchool, 99))}; ` +
          (logLines ? `${(linesLogged / Math.max(ok, 1)).toFixed(1)} log lines per login` : 'log off') +
          // The main thread's busy time is what requests queue behind; the CPU above also counts the
          // threads beside it (garbage collection helpers, libuv's pool).
          `; event loop busy ${(loop.active / Math.max(ok, 1)).toFixed(2)} ms/login` +
          `; load client CPU ${(r.cpuMs / Math.max(ok, 1)).toFixed(2)} ms/login`,
      );
      if (embeddedTime) {
        console.log(
          `  of which the embedded database (PGlite, on its own thread) ${(embeddedTime.ms / Math.max(ok, 1)).toFixed(2)} ms/login, ` +
            `${(embeddedTime.entries / Math.max(ok, 1)).toFixed(1)} trips to it per login; the longest wait for its answer ${ms(embeddedTime.longestMs)}, ${embeddedTime.stalls} over ${STALL_MS} ms`,
        );
      }
      if (threads) {
        const per = (v: number) => (v / Math.max(ok, 1)).toFixed(2);
        console.log(
          `  Passi's threads: event loop ${per(threads.mainCpuMs)} ms/login on a CPU + ${per(threads.mainRunQueueMs)} ms/login ` +
            `waiting for one; the other threads (V8's compiler and collector helpers, libuv's pool) ${per(threads.otherCpuMs)} ms/login` +
            (embeddedTime ? `; PGlite's thread ${per(threads.pgliteCpuMs)} ms/login` : ''),
        );
      }
      // On loopback a socket write also runs the receiving side's TCP input in the writer's system call
      // (docs/performance.md "The kernel's share, and a native profile of the event loop").
      console.log(
        `  Passi's CPU in the kernel (system time, all its threads) ${(cpu.system / 1000 / Math.max(ok, 1)).toFixed(2)} ms/login, ` +
          `in user space ${(cpu.user / 1000 / Math.max(ok, 1)).toFixed(2)} ms/login`,
      );
      console.log(`  ${describeGcPauses(gc, ok)}`);
      if (pgMeter && pgServerMs !== undefined) {
        const serverPerLogin = pgServerMs / Math.max(ok, 1);
        console.log(
          pgMeter.available
            ? `  PostgreSQL server CPU ${serverPerLogin.toFixed(2)} ms/login (its backends for this run's connections); ` +
                `Passi + server ${(cpuPerLogin + serverPerLogin).toFixed(2)} ms/login`
            : '  PostgreSQL server CPU: not readable (server not in this machine’s /proc)',
        );
      }
      if (r.exchanges !== undefined && process.env.BENCH_HTTP_FLOOR !== '0') {
        const floors = await measureHttpFloor(r.exchanges, {
          logins: LOGINS,
          warmup: s.warmup,
          concurrency: CONCURRENCY,
          ...(pinning ? { pinning } : {}),
        });
        const fastify = floors.find((f) => f.kind === 'fastify');
        console.log(
          `  HTTP floor, one login's ${r.exchanges.length} exchanges with Passi replayed byte for byte against a server that does nothing else: ` +
            floors.map((f) => `${f.kind} ${f.cpuMsPerLogin.toFixed(2)} ms/login`).join(', ') +
            (fastify
              ? `; Passi's CPU above the Fastify floor ${(cpuPerLogin - fastify.cpuMsPerLogin).toFixed(2)} ms/login`
              : '') +
            (floors.some((f) => f.mismatches > 0) ? '  (SOME ANSWERS DIFFERED FROM THE RECORDING)' : ''),
        );
        if (floors.some((f) => f.mismatches > 0)) exitCode = 1;
      }
      if (r.failures > 0) exitCode = 1;
      if (HALF_LOAD_LOGINS > 0)
        // What requests queue behind is the event loop's busy time, not the CPU of the threads beside it.
        await halfLoad(name, s.args, r, {
          cpuMsPerLogin: loop.active / Math.max(ok, 1),
          requestsPerLogin: s.requestsPerLogin,
        });
    }
  } finally {
    await pgMeter?.close();
    await world.close();
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
}
if (passiWarnings.count() > 0) {
  console.log(
    `\nPassi logged ${passiWarnings.count()} warnings or errors; the first ${passiWarnings.kept().length}:`,
  );
  for (const line of passiWarnings.kept()) console.log(`  ${line}`);
}
process.exit(exitCode);

function describePoolScheduling(outcome: PoolSchedulingOutcome): string {
  if (outcome.kind === 'batch') return `SCHED_BATCH (${outcome.threadIds.length} threads)`;
  if (outcome.kind === 'normal') return 'normal policy (BENCH_POOL_THREAD_SCHEDULING=normal)';
  return `normal policy (${outcome.reason})`;
}
