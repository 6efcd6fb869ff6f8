/**
 * Login statistics over 25 months of a large federation (docs/performance.md "Statistics queries"; the
 * target: under a second per query on this machine): 2,000 schools in 400 integrations, 60 services,
 * about 10 million synthetic logins aggregated into daily rows, on PostgreSQL and on the embedded store.
 * Closed months are rolled up first, as the sweeper does. The baseline, measured in the same run, is one plain `count(*)` scan of the same date range; the ratio
 * is what to compare across machines.
 * Run: `node bin/run-ts.js bench/statistics-queries.bench.ts` (BENCH_STORES=postgresql to skip PGlite).
 *
 * SYNTHETIC DATA, generated in SQL below: invented ids (`int-N`, `svc-N`, school codes 10000–11999).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { dataQuality } from '../src/ops/quality/data-quality-query.ts';
import { rollUpClosedMonths } from '../src/ops/statistics/login-rollup.ts';
import { loginStatistics } from '../src/ops/statistics/login-statistics-query.ts';
import type { StatisticsScope } from '../src/ops/statistics/statistics-scope.ts';
import type { Db } from '../src/store/database.ts';
import { createTestDb, isPostgresAvailable, type TestStoreKind } from '../src/store/testing/test-db.ts';

const SCHOOLS = 2000;
const SCHOOLS_PER_INTEGRATION = 5;
const SERVICES = 60;
const TO = '2026-11-30';
const FROM = '2024-11-01'; // 25 months
const REPEAT = 5;

async function fill(db: Db): Promise<{ rows: number; logins: number }> {
  // Two (service, role, outcome) rows per school and day, counts 1–6: about 3 million rows, 10 million
  // logins. Month by month, so no statement runs into the store's statement timeout.
  for (let month = new Date(`${FROM}T00:00:00Z`); month <= new Date(`${TO}T00:00:00Z`); ) {
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const first = month.toISOString().slice(0, 10);
    const last = new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
    await sql`
      insert into login_daily (day, service_id, integration_id, school, role, outcome, count)
      select d::date,
        'svc-' || ((s * 7 + k * 13 + extract(doy from d)::int) % ${SERVICES}),
        'int-' || (s / ${SCHOOLS_PER_INTEGRATION}),
        (10000 + s)::text,
        (array['pupil', 'pupil', 'teacher', 'other'])[1 + (s + k) % 4],
        (array['completed', 'completed', 'completed', 'completed:problems', 'failed:cancelled', 'failed:school'])[1 + (s * 3 + k + extract(doy from d)::int) % 6],
        1 + (s * 31 + k * 17 + extract(doy from d)::int) % 6
      from generate_series(${first}::date, ${last}::date, interval '1 day') d,
        generate_series(0, ${SCHOOLS - 1}) s, generate_series(0, 1) k
      on conflict do nothing
    `.execute(db);
    month = next;
  }
  await sql`analyze login_daily`.execute(db);
  const r = await sql<{
    rows: string;
    logins: string;
  }>`select count(*) as rows, sum(count) as logins from login_daily`.execute(db);
  return { rows: Number(r.rows[0]?.rows), logins: Number(r.rows[0]?.logins) };
}

async function best(run: () => Promise<unknown>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}

async function bench(kind: TestStoreKind): Promise<void> {
  const t = await createTestDb(kind);
  try {
    const t0 = performance.now();
    const size = await fill(t.db);
    console.log(
      `${kind}: ${size.rows.toLocaleString('en')} daily rows, ${size.logins.toLocaleString('en')} logins, filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const r0 = performance.now();
    const months = await rollUpClosedMonths(t.db, new Date('2026-12-03T12:00:00Z'));
    console.log(
      `  roll-up of ${months.length} closed months (once, by the sweeper): ${((performance.now() - r0) / 1000).toFixed(1)} s`,
    );
    const baseline = await best(() =>
      sql`select count(*) from login_daily where day >= ${FROM} and day <= ${TO}`.execute(t.db),
    );
    console.log(`  baseline: count(*) over the 25 months = ${baseline.toFixed(0)} ms`);
    const cases: [string, StatisticsScope, string][] = [
      ['operator, whole federation, 25 months', { kind: 'all' }, FROM],
      ['operator, whole federation, one month', { kind: 'all' }, '2026-11-01'],
      [
        'education provider (one integration), 25 months',
        { kind: 'integrations', integrationIds: ['int-7'] },
        FROM,
      ],
      [
        'service provider (three services), 25 months',
        { kind: 'services', serviceIds: ['svc-1', 'svc-2', 'svc-3'] },
        FROM,
      ],
    ];
    for (const [name, scope, from] of cases) {
      const ms = await best(() => loginStatistics(t.db, { from, to: TO, scope }));
      console.log(
        `  ${name.padEnd(50)} ${ms.toFixed(0).padStart(6)} ms = ${(ms / baseline).toFixed(2)}× baseline${ms > 1000 ? '  OVER 1 s' : ''}`,
      );
    }
    const dq = await best(() => dataQuality(t.db, { from: '2026-11-01', to: TO, integrationIds: ['int-7'] }));
    console.log(`  data quality (one integration, empty reports)          ${dq.toFixed(0).padStart(6)} ms`);
  } finally {
    await t.close();
  }
}

const wanted = (process.env.BENCH_STORES ?? 'postgresql,embedded').split(',');
if (wanted.includes('postgresql')) {
  if (await isPostgresAvailable()) await bench('postgresql');
  else console.log('PostgreSQL not reachable: PostgreSQL run skipped');
}
if (wanted.includes('embedded')) await bench('embedded');
process.exit(0);
