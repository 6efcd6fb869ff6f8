import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import { loginDailyCutoff } from './login-daily-repository.ts';

/**
 * The dimensions a closed month is rolled up by. `day` keeps the month's days (key `YYYY-MM-DD`) for the
 * per-day chart; the others are the breakdowns of the statistics page.
 */
export const ROLLUP_COLUMNS = {
  day: sql<string>`to_char(day, 'YYYY-MM-DD')`,
  service: sql<string>`service_id`,
  integration: sql<string>`integration_id`,
  school: sql<string>`school`,
  role: sql<string>`role`,
} as const;
export type RollupDimension = keyof typeof ROLLUP_COLUMNS;

/** A month is closed two days after its end: no finished login is counted that late. */
const CLOSE_AFTER_MS = 2 * 86_400_000;

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Rolls up every closed month of the kept 25 months that is not rolled up yet (docs/operations.md "Daily
 * login statistics"): one transaction per month, so a month is either wholly rolled up or not at all. Run
 * by the sweeper; after the first pass it only looks at the month that closed last. Returns the months
 * rolled up.
 */
export async function rollUpClosedMonths(db: Db, now: Date): Promise<string[]> {
  const closedBefore = monthStart(new Date(now.getTime() - CLOSE_AFTER_MS));
  const done = new Set(
    (
      await db
        .selectFrom('login_rollup_month')
        .select(sql<string>`to_char(month, 'YYYY-MM-DD')`.as('m'))
        .execute()
    ).map((r) => r.m),
  );
  const rolled: string[] = [];
  for (
    let m = monthStart(new Date(`${loginDailyCutoff(now)}T00:00:00Z`));
    m < closedBefore;
    m = nextMonth(m)
  ) {
    const month = iso(m);
    if (done.has(month)) continue;
    const end = iso(nextMonth(m));
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('login_rollup').where('month', '=', month).execute();
      for (const [dimension, column] of Object.entries(ROLLUP_COLUMNS)) {
        await sql`
          insert into login_rollup (month, dimension, key, outcome, count)
          select ${month}::date, ${dimension}, ${column}, outcome, sum(count)
          from login_daily where day >= ${month} and day < ${end}
          group by ${column}, outcome
        `.execute(tx);
      }
      await tx.insertInto('login_rollup_month').values({ month, rolled_up_at: now }).execute();
    });
    rolled.push(month);
  }
  return rolled;
}

/** Rolled-up months whose days the daily rows no longer hold are deleted with them (25 months). */
export async function deleteOldRollups(db: Db, now: Date): Promise<void> {
  const first = iso(monthStart(new Date(`${loginDailyCutoff(now)}T00:00:00Z`)));
  await db.deleteFrom('login_rollup').where('month', '<', first).execute();
  await db.deleteFrom('login_rollup_month').where('month', '<', first).execute();
}

/** The rolled-up months wholly inside `from` … `to` (inclusive days). */
export async function rolledUpMonthsWithin(db: Db, from: string, to: string): Promise<string[]> {
  const rows = await db
    .selectFrom('login_rollup_month')
    .select(sql<string>`to_char(month, 'YYYY-MM-DD')`.as('m'))
    .where('month', '>=', from)
    .execute();
  return rows
    .map((r) => r.m)
    .filter((m) => iso(new Date(nextMonth(new Date(`${m}T00:00:00Z`)).getTime() - 86_400_000)) <= to)
    .sort();
}
