import type { Db } from '../store/database.ts';
import { deleteOldLoginDaily } from './statistics/login-daily-repository.ts';

/**
 * Deletes expired short-lived state (flows, sessions, replay entries, OIDC artifacts, rate counters) and
 * daily login statistics older than their 25 months (docs/operations.md "Daily login statistics") on an
 * interval. Any node may run it; deletes are idempotent.
 */
export async function sweepExpired(db: Db, now: Date): Promise<number> {
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
  removed += await deleteOldLoginDaily(db, now);
  return removed;
}

export function startSweeper(db: Db, intervalMs: number, onError: (e: unknown) => void): () => void {
  const timer = setInterval(() => {
    sweepExpired(db, new Date()).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
