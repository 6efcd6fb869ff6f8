import type { Db } from '../store/database.ts';
import { deleteOldLoginDaily } from './statistics/login-daily-repository.ts';
import { deleteOldRollups, rollUpClosedMonths } from './statistics/login-rollup.ts';

export interface SweepPolicy {
  /** Raw login reports older than this are deleted (docs/operations.md "Login reports"). */
  loginReportRetentionDays: number;
}

const DEFAULT_POLICY: SweepPolicy = { loginReportRetentionDays: 30 };
const DAY_MS = 86_400_000;

/**
 * Deletes expired short-lived state (flows, sessions, replay entries, OIDC artifacts, rate counters), raw
 * login reports older than their retention, and daily login statistics older than their 25 months, and
 * rolls up closed months of the statistics
 * (docs/operations.md "Daily login statistics") on an interval. Any node may run it; deletes are
 * idempotent.
 */
export async function sweepExpired(db: Db, now: Date, policy: SweepPolicy = DEFAULT_POLICY): Promise<number> {
  let removed = 0;
  for (const table of ['flow', 'session', 'replay', 'oidc_artifact', 'rate_limit'] as const) {
    const result = await db.deleteFrom(table).where('expires_at', '<', now).executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  // Raw attributes kept for the attribute test service expire; rule codes stay for statistics.
  await db
    .updateTable('login_report')
    .set({ detail: null, detail_expires_at: null })
    .where('detail_expires_at', '<', now)
    .execute();
  // The privacy notice promises raw reports are gone after the retention; the daily aggregates that
  // outlive them hold no personal data.
  const reportsBefore = new Date(now.getTime() - policy.loginReportRetentionDays * DAY_MS);
  const reports = await db.deleteFrom('login_report').where('at', '<', reportsBefore).executeTakeFirst();
  removed += Number(reports.numDeletedRows);
  removed += await deleteOldLoginDaily(db, now);
  await deleteOldRollups(db, now);
  // A closed month is rolled up once; later passes find nothing to do.
  await rollUpClosedMonths(db, now);
  return removed;
}

export function startSweeper(
  db: Db,
  intervalMs: number,
  policy: SweepPolicy,
  onError: (e: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    sweepExpired(db, new Date(), policy).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
