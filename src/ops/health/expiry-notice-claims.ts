import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import { MAX_ATTEMPTS, RETRY_STEP_MS, SEND_LEASE_MS } from '../summary/summary-send-claims.ts';

/** One expiry notice: one item, one threshold, one address. */
export interface ExpiryNoticeKey {
  itemKey: string;
  threshold: number;
  email: string;
  organisationId: string;
}

const whereKey = (db: Db, key: ExpiryNoticeKey) =>
  db
    .updateTable('expiry_notice_send')
    .where('item_key', '=', key.itemKey)
    .where('threshold', '=', key.threshold)
    .where('email', '=', key.email);

/**
 * Claims one notice for this node, as the weekly summary claims its mails (summary-send-claims.ts): the row
 * is inserted once (ON CONFLICT DO NOTHING), then taken with one UPDATE that only matches while it is
 * pending and due, or `sending` past its lease. PostgreSQL re-checks the WHERE of a concurrent UPDATE after
 * the first commits (READ COMMITTED, docs §13.2.1), so of several nodes exactly one gets the row; a row
 * already `sent` is never taken again.
 */
export async function claimNotice(db: Db, key: ExpiryNoticeKey, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('expiry_notice_send')
      .values({
        item_key: key.itemKey,
        threshold: key.threshold,
        email: key.email,
        organisation_id: key.organisationId,
        status: 'pending',
        retry_at: now,
      })
      .onConflict((oc) => oc.columns(['item_key', 'threshold', 'email']).doNothing())
      .execute();
    const claimed = await whereKey(tx, key)
      .set({
        status: 'sending',
        attempts: sql`attempts + 1`,
        retry_at: new Date(now.getTime() + SEND_LEASE_MS),
      })
      .where('status', 'in', ['pending', 'sending'])
      .where('retry_at', '<=', now)
      .returning('attempts')
      .executeTakeFirst();
    return claimed !== undefined;
  });
}

/** The notice went out. */
export async function markNoticeSent(db: Db, key: ExpiryNoticeKey, now: Date): Promise<void> {
  await whereKey(db, key).set({ status: 'sent', sent_at: now }).execute();
}

/** The notice could not be sent: retried later, or given up after MAX_ATTEMPTS. Returns whether given up. */
export async function releaseNotice(db: Db, key: ExpiryNoticeKey, now: Date): Promise<boolean> {
  const current = await db
    .selectFrom('expiry_notice_send')
    .select('attempts')
    .where('item_key', '=', key.itemKey)
    .where('threshold', '=', key.threshold)
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

/** Rows of notices long past: a year covers any certificate's renewal cycle. */
export async function deleteOldNotices(db: Db, now: Date): Promise<void> {
  await db
    .deleteFrom('expiry_notice_send')
    .where('retry_at', '<', new Date(now.getTime() - 366 * 86_400_000))
    .execute();
}
