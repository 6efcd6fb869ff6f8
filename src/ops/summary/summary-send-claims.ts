import type { Db } from '../../store/database.ts';
import { claimRow, markRowSent, releaseRow, type SendRow } from '../mail/claimed-sends.ts';

/** One summary mail: an organisation's week to one address. */
export interface SummarySendKey {
  organisationId: string;
  week: string;
  email: string;
}

const row = (key: SummarySendKey) =>
  ({ organisation_id: key.organisationId, week: key.week, email: key.email }) as const;

const rowOf = (key: SummarySendKey): SendRow => ({ table: 'weekly_summary_send', key: row(key) });

/** The rows of a week nothing more is to be done for, as `organisation\naddress`. */
export async function finishedSends(db: Db, week: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('weekly_summary_send')
    .select(['organisation_id', 'email'])
    .where('week', '=', week)
    .where('status', 'in', ['sent', 'skipped', 'failed'])
    .execute();
  return new Set(rows.map((r) => `${r.organisation_id}\n${r.email}`));
}

/** Claims one send for this node, once across nodes (claimed-sends.ts). */
export function claimSend(db: Db, key: SummarySendKey, now: Date): Promise<boolean> {
  return claimRow(db, rowOf(key), now);
}

/** The mail went out. */
export function markSent(db: Db, key: SummarySendKey, now: Date): Promise<void> {
  return markRowSent(db, rowOf(key), now);
}

/** The mail could not be sent: retried later, or given up. Returns whether it was given up. */
export function releaseSend(db: Db, key: SummarySendKey, now: Date): Promise<boolean> {
  return releaseRow(db, rowOf(key), now);
}

/** Nothing to say this week (no logins, no problems): recorded so later runs need not look again. */
export async function markSkipped(db: Db, keys: readonly SummarySendKey[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('weekly_summary_send')
    .values(keys.map((k) => ({ ...row(k), status: 'skipped' as const, retry_at: now })))
    .onConflict((oc) => oc.columns(['organisation_id', 'week', 'email']).doNothing())
    .execute();
}

/** Rows of weeks long past: kept 8 weeks, which covers any retry. */
export async function deleteOldSends(db: Db, now: Date): Promise<void> {
  await db
    .deleteFrom('weekly_summary_send')
    .where('retry_at', '<', new Date(now.getTime() - 8 * 7 * 86_400_000))
    .execute();
}
