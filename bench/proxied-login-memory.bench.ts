/**
 * Memory over many proxied logins on the embedded store (docs/performance.md "Proxied login"): the world of
 * bench/saml-proxied-login.bench.ts (schools' IdPs and the load client in their own processes, Passi alone
 * in this one), SAML and OIDC logins in alternating chunks. After every chunk the garbage collector runs
 * twice and this process's RSS, V8 heap and external memory (PGlite's WebAssembly memory among it) are
 * sampled. Goal: RSS after 10,000 logins within 10 % of RSS after the first 1,000.
 *
 * BENCH_MEMORY_LOGINS (default 10,000), BENCH_MEMORY_CHUNK (500), BENCH_MEMORY_REFERENCE (the sample
 * compared against, default 1,000 logins; at most half the run), BENCH_CONCURRENCY (4),
 * BENCH_MEMORY_SCENARIOS (default saml-plain,oidc-plain), BENCH_MEMORY_HEAP_SNAPSHOT=path (a V8 heap snapshot
 * after the reference sample and at the end, to see what grew), BENCH_EMBEDDED_STORAGE (disk, as `npm start`
 * runs it, the default | memory, as the tests run it: every table and WAL file is then this process's memory).
 */
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { runClient } from './support/bench-children.ts';
import {
  benchEmbeddedStorage,
  type ProxiedLoginWorld,
  startProxiedLoginWorld,
} from './support/proxied-login-world.ts';

const LOGINS = Number(process.env.BENCH_MEMORY_LOGINS ?? 10_000);
const CHUNK = Number(process.env.BENCH_MEMORY_CHUNK ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SCENARIOS = (process.env.BENCH_MEMORY_SCENARIOS ?? 'saml-plain,oidc-plain').split(',');
const REFERENCE = Math.min(
  Number(process.env.BENCH_MEMORY_REFERENCE ?? 1_000),
  Math.max(CHUNK, Math.floor(LOGINS / 2 / CHUNK) * CHUNK),
);
const GOAL_RATIO = 1.1;

/** The garbage collector, exposed at run time (no command-line flag needed in the benchmark runner). */
function exposedGc(): (() => void) | undefined {
  setFlagsFromString('--expose-gc');
  const candidate: unknown = runInNewContext('gc');
  return typeof candidate === 'function' ? () => Reflect.apply(candidate, undefined, []) : undefined;
}

interface Sample {
  logins: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function sample(logins: number, gc: (() => void) | undefined): Sample {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { logins, rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) };
}

async function storedRows(world: ProxiedLoginWorld): Promise<string> {
  const { rows } = await sql<{ name: string; n: number }>`
    SELECT 'session' AS name, count(*)::int AS n FROM session
    UNION ALL SELECT 'oidc_artifact', count(*)::int FROM oidc_artifact
    UNION ALL SELECT 'login_report', count(*)::int FROM login_report`.execute(world.t.services.db);
  return rows.map((r) => `${r.name} ${r.n}`).join(', ');
}

const gc = exposedGc();
let exitCode = 0;
const embeddedStorage = benchEmbeddedStorage();
const world = await startProxiedLoginWorld({ store: 'embedded', shortLivedState: 'auto', embeddedStorage });
try {
  console.log(
    `Proxied-login memory: ${LOGINS} logins (${SCENARIOS.join(' and ')} in chunks of ${CHUNK}), ` +
      `${CONCURRENCY} concurrent, embedded store on ${embeddedStorage}; ` +
      (gc ? 'heap after two full GCs' : 'no GC available: heap figures are whatever the heap was'),
  );
  const samples: Sample[] = [sample(0, gc)];
  let done = 0;
  let failures = 0;
  const failureReasons: string[] = [];
  const started = performance.now();
  for (let chunk = 0; done < LOGINS; chunk++) {
    const scenario = SCENARIOS[chunk % SCENARIOS.length] ?? 'saml-plain';
    const args = world.clientArgs[scenario as keyof ProxiedLoginWorld['clientArgs']];
    if (!args) throw new Error(`unknown scenario ${scenario}`);
    const n = Math.min(CHUNK, LOGINS - done);
    const r = await runClient([...args, String(n), String(CONCURRENCY)]);
    failures += r.failures;
    failureReasons.push(...r.failureReasons.slice(0, Math.max(0, 3 - failureReasons.length)));
    done += n;
    const s = sample(done, gc);
    samples.push(s);
    const snapshot = process.env.BENCH_MEMORY_HEAP_SNAPSHOT;
    if (snapshot && (done === REFERENCE || done >= LOGINS))
      writeHeapSnapshot(`${snapshot}-${done}.heapsnapshot`);
    console.log(
      `  ${String(done).padStart(6)} logins  RSS ${s.rssMb.toFixed(1)} MB  heap ${s.heapMb.toFixed(1)} MB  ` +
        `external ${s.externalMb.toFixed(1)} MB  (${scenario}, ${((n / r.elapsedMs) * 1000).toFixed(1)} logins/s)`,
    );
  }
  const reference = samples.find((s) => s.logins >= REFERENCE);
  const last = samples.at(-1);
  if (!reference || !last) throw new Error('no samples');
  const ratio = last.rssMb / reference.rssMb;
  const memory = world.t.services.memoryState;
  console.log(
    `\nAfter ${last.logins} logins (${((performance.now() - started) / 1000).toFixed(0)} s, ${failures} failed):`,
  );
  for (const reason of failureReasons) console.log(`  failed: ${reason}`);
  console.log(
    `  RSS ${last.rssMb.toFixed(1)} MB vs ${reference.rssMb.toFixed(1)} MB after ${reference.logins}: ` +
      `${ratio.toFixed(3)}× (goal ≤ ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  heap after GC ${last.heapMb.toFixed(1)} MB vs ${reference.heapMb.toFixed(1)} MB: ${(last.heapMb / reference.heapMb).toFixed(3)}×; ` +
      `external ${last.externalMb.toFixed(1)} MB vs ${reference.externalMb.toFixed(1)} MB`,
  );
  if (memory) {
    const oidc = memory.oidcArtifacts();
    console.log(
      `  in memory: flows ${memory.flows()}, single-use ids ${memory.replayKeys()}, ` +
        `OIDC interactions ${oidc.Interaction}, codes ${oidc.AuthorizationCode}`,
    );
  }
  console.log(`  rows in PGlite: ${await storedRows(world)}`);
  if (failures > 0) exitCode = 1;
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await world.close();
}
process.exit(exitCode);
