/**
 * What the embedded store's longest statements cost the event loop: the upkeep's VACUUM of a table whose
 * rows were all deleted, and a CHECKPOINT after them. Each runs twice in this run on a fresh data folder:
 * with PGlite on the event loop (the baseline, as the store ran before src/store/pglite-worker/) and
 * through the store as Passi opens it, with PGlite on a thread of its own. Each runs in a process of its
 * own: in one process, Node 24's V8 shares the compiled PGlite between the two, and the worker's stops
 * then reached the event loop of the process that had run the baseline (docs/performance.md "PGlite on a
 * thread of its own"). Reported: each statement's time
 * and the longest gap between the ticks of a 1 ms timer while it ran, which is how long a request that
 * arrived then would have waited for the event loop (docs/performance.md "PGlite on a thread of its own").
 *
 *   BENCH_STOP_ROWS   rows written and deleted before the vacuum (default 200,000, about 110 MB of WAL)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { EMBEDDED_START_PARAMS } from '../src/store/open-embedded-store.ts';
import { openStore } from '../src/store/open-store.ts';

const ROWS = Number(process.env.BENCH_STOP_ROWS ?? 200_000);
const STATEMENTS = ['vacuum sessions_like', 'checkpoint'] as const;

interface Stop {
  tookMs: number;
  longestGapMs: number;
}

/** Runs `work` while a 1 ms timer ticks; the longest gap between two ticks is the event loop's stop. */
async function timed(work: () => Promise<unknown>): Promise<Stop> {
  let last = performance.now();
  let longestGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  const start = performance.now();
  await work();
  const tookMs = performance.now() - start;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(timer);
  return { tookMs, longestGapMs };
}

async function stops(run: (statement: string) => Promise<unknown>): Promise<Map<string, Stop>> {
  // A session-like table: a text key, an expiry and a 300-byte value, all expired and swept at once.
  await run('create table sessions_like (id text primary key, expires_at timestamptz, data text)');
  await run(
    `insert into sessions_like select md5(i::text), now(), repeat('x', 300) from generate_series(1, ${ROWS}) i`,
  );
  await run('delete from sessions_like');
  const found = new Map<string, Stop>();
  for (const statement of STATEMENTS) found.set(statement, await timed(() => run(statement)));
  return found;
}

async function onTheEventLoop(): Promise<Map<string, Stop>> {
  const dir = mkdtempSync(join(tmpdir(), 'passi-bench-'));
  const pglite = await PGlite.create(join(dir, 'pglite'), { startParams: [...EMBEDDED_START_PARAMS] });
  try {
    return await stops((statement) => pglite.exec(statement));
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onItsOwnThread(): Promise<Map<string, Stop>> {
  const dir = mkdtempSync(join(tmpdir(), 'passi-bench-'));
  const store = await openStore({ dataDir: dir });
  try {
    return await stops((statement) => sql.raw(statement).execute(store.db));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs this file again in a child process for one mode and reads back its stops. */
function inChild(mode: 'event-loop' | 'own-thread'): Map<string, Stop> {
  const child = spawnSync(process.execPath, ['bin/run-ts.js', fileURLToPath(import.meta.url), mode], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`the ${mode} run failed with status ${child.status}`);
  return new Map(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '[]') as [string, Stop][]);
}

const mode = process.argv[2];
if (mode === 'event-loop' || mode === 'own-thread') {
  const found = mode === 'event-loop' ? await onTheEventLoop() : await onItsOwnThread();
  console.log(JSON.stringify([...found]));
  process.exit(0);
}
console.log(
  `Embedded store: the event loop's longest stop during the upkeep's statements (${ROWS} rows deleted)`,
);
const baseline = inChild('event-loop');
const own = inChild('own-thread');
for (const statement of STATEMENTS) {
  const b = baseline.get(statement);
  const o = own.get(statement);
  if (!b || !o) continue;
  console.log(
    `  ${statement}: PGlite on the event loop (baseline) took ${b.tookMs.toFixed(0)} ms, the event loop stopped ` +
      `${b.longestGapMs.toFixed(1)} ms; on its own thread took ${o.tookMs.toFixed(0)} ms, the event loop's ` +
      `longest stop ${o.longestGapMs.toFixed(1)} ms = ${(o.longestGapMs / b.longestGapMs).toFixed(2)}× baseline`,
  );
}
