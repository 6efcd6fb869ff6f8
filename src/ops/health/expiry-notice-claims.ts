import type { Db } from '../../store/database.ts';
import { claimRow, markRowSent, releaseRow, type SendRow } from '../mail/claimed-sends.ts';

/** One expiry notice: one item, one threshold, one address. */
export interface ExpiryNoticeKey {
  itemKey: string;
  threshold: number;
  email: string;
  organisationId: string;
}

const rowOf = (key: ExpiryNoticeKey): SendRow => ({
  table: 'expiry_notice_send',
  key: { item_key: key.itemKey, threshold: key.threshold, email: key.email },
});

/** Claims one notice for this node, once across nodes (claimed-sends.ts). */
export function claimNotice(db: Db, key: ExpiryNoticeKey, now: Date): Promise<boolean> {
  return claimRow(db, rowOf(key), now, { organisation_id: key.organisationId });
}

/** The notice went out. */
export function markNoticeSent(db: Db, key: ExpiryNoticeKey, now: Date): Promise<void> {
  return markRowSent(db, rowOf(key), now);
}

/** The notice could not be sent: retried later, or given up. Returns whether given up. */
export function releaseNotice(db: Db, key: ExpiryNoticeKey, now: Date): Promise<boolean> {
  return releaseRow(db, rowOf(key), now);
}

/** Rows of notices long past: a year covers any certificate's renewal cycle. */
export async function deleteOldNotices(db: Db, now: Date): Promise<void> {
  await db
    .deleteFrom('expiry_notice_send')
    .where('retry_at', '<', new Date(now.getTime() - 366 * 86_400_000))
    .execute();
}
