import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../store/database.ts';

/**
 * Mails that several nodes may try to send, each recorded as one row (weekly summaries, expiry notices):
 * the row is inserted once (ON CONFLICT DO NOTHING), then taken with one UPDATE that only matches while it
 * is pending and due — or still `sending` after its lease ran out, when the node that claimed it died
 * before recording the outcome. PostgreSQL re-checks the WHERE of a concurrent UPDATE after the first
 * commits (READ COMMITTED, "UPDATE" in its docs §13.2.1), so of several nodes exactly one gets the row; a
 * row already `sent` is never taken again.
 */
export type SendTable = 'weekly_summary_send' | 'expiry_notice_send';

/** One mail: its table and the primary-key columns that name its row. */
export interface SendRow {
  table: SendTable;
  key: Readonly<Record<string, string | number>>;
}

/** How long a claimed send may take before another run takes it over (the node is taken to have died). */
export const SEND_LEASE_MS = 10 * 60_000;
/** After a failed send, wait this long times the attempts so far before trying again. */
export const RETRY_STEP_MS = 5 * 60_000;
/** A send that failed this many times is given up and logged. */
export const MAX_ATTEMPTS = 8;

const keyMatches = (key: SendRow['key']): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.join(
    Object.entries(key).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
    sql` and `,
  )}`;

/**
 * Claims one send for this node; `extra` are the row's other columns, written only when it is new.
 * True when this node now holds the send.
 */
export async function claimRow(
  db: Db,
  row: SendRow,
  now: Date,
  extra: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const values: Record<string, string | number | Date> = {
      ...row.key,
      ...extra,
      status: 'pending',
      retry_at: now,
    };
    await sql`insert into ${sql.table(row.table)} (${sql.join(Object.keys(values).map((c) => sql.ref(c)))})
      values (${sql.join(Object.values(values))})
      on conflict (${sql.join(Object.keys(row.key).map((c) => sql.ref(c)))}) do nothing`.execute(tx);
    const claimed = await tx
      .updateTable(row.table)
      .set({
        status: 'sending',
        attempts: sql`attempts + 1`,
        retry_at: new Date(now.getTime() + SEND_LEASE_MS),
      })
      .where(keyMatches(row.key))
      .where('status', 'in', ['pending', 'sending'])
      .where('retry_at', '<=', now)
      .returning('attempts')
      .executeTakeFirst();
    return claimed !== undefined;
  });
}

/** The mail went out. */
export async function markRowSent(db: Db, row: SendRow, now: Date): Promise<void> {
  await db.updateTable(row.table).set({ status: 'sent', sent_at: now }).where(keyMatches(row.key)).execute();
}

/**
 * The mail could not be sent: back to pending with a later retry time, or given up after MAX_ATTEMPTS.
 * Returns whether it was given up.
 */
export async function releaseRow(db: Db, row: SendRow, now: Date): Promise<boolean> {
  const current = await db
    .selectFrom(row.table)
    .select('attempts')
    .where(keyMatches(row.key))
    .executeTakeFirst();
  const attempts = current?.attempts ?? MAX_ATTEMPTS;
  const givenUp = attempts >= MAX_ATTEMPTS;
  await db
    .updateTable(row.table)
    .set({
      status: givenUp ? 'failed' : 'pending',
      retry_at: new Date(now.getTime() + RETRY_STEP_MS * attempts),
    })
    .where(keyMatches(row.key))
    .where('status', '=', 'sending')
    .execute();
  return givenUp;
}
