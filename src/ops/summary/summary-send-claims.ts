import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';

/** One summary mail: an organisation's week to one address. */
export interface SummarySendKey {
  organisationId: string;
  week: string;
  email: string;
}

/** How long a claimed send may take before another run takes it over (the node is taken to have died). */
export const SEND_LEASE_MS = 10 * 60_000;
/** After a failed send, wait this long times the attempts so far before trying again. */
export const RETRY_STEP_MS = 5 * 60_000;
/** A send that failed this many times is given up and logged. */
export const MAX_ATTEMPTS = 8;

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

/**
 * Claims one send for this node: the row is inserted once (ON CONFLICT DO NOTHING), then taken with one
 * UPDATE that only matches while it is pending and due — or still `sending` after its lease ran out, when
 * the node that claimed it died before recording the outcome. PostgreSQL re-checks the WHERE of a
 * concurrent UPDATE after the first commits (READ COMMITTED, "UPDATE" in its docs §13.2.1), so of several
 * nodes exactly one gets the row.
 */
export async function claimSend(db: Db, key: SummarySendKey, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('weekly_summary_send')
      .values({
        organisation_id: key.organisationId,
        week: key.week,
        email: key.email,
        status: 'pending',
        retry_at: now,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'week', 'email']).doNothing())
      .execute();
    const claimed = await tx
      .updateTable('weekly_summary_send')
      .set({
        status: 'sending',
        attempts: sql`attempts + 1`,
        retry_at: new Date(now.getTime() + SEND_LEASE_MS),
      })
      .where('organisation_id', '=', key.organisationId)
      .where('week', '=', key.week)
      .where('email', '=', key.email)
      .where('status', 'in', ['pending', 'sending'])
      .where('retry_at', '<=', now)
      .returning('attempts')
      .executeTakeFirst();
    return claimed !== undefined;
  });
}

const row = (key: SummarySendKey) =>
  ({ organisation_id: key.organisationId, week: key.week, email: key.email }) as const;

function whereKey(db: Db, key: SummarySendKey) {
  return db
    .updateTable('weekly_summary_send')
    .where('organisation_id', '=', key.organisationId)
    .where('week', '=', key.week)
    .where('email', '=', key.email);
}

/** The mail went out. */
export async function markSent(db: Db, key: SummarySendKey, now: Date): Promise<void> {
  await whereKey(db, key).set({ status: 'sent', sent_at: now }).execute();
}

/**
 * The mail could not be sent: back to pending with a later retry time, or given up after MAX_ATTEMPTS.
 * Returns whether it was given up.
 */
export async function releaseSend(db: Db, key: SummarySendKey, now: Date): Promise<boolean> {
  const current = await db
    .selectFrom('weekly_summary_send')
    .select('attempts')
    .where('organisation_id', '=', key.organisationId)
    .where('week', '=', key.week)
    .where('email', '=', key.email)
    .executeTakeFirst();
  const attempts = current?.attempts ?? MAX_ATTEMPTS;
  const givenUp = attempts >= MAX_ATTEMPTS;
  await whereKey(db, key)
    .set({
      status: givenUp ? 'failed' : 'pending',
      retry_at: new Date(now.getTime() + RETRY_STEP_MS * attempts),
    })
    .where('status', '=', 'sending')
    .execute();
  return givenUp;
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
