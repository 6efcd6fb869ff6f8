import type { Db } from '../../store/database.ts';

/** Addresses are kept and compared in lower case, as the registry's contacts and the portal keep them. */
export const normaliseSummaryEmail = (email: string) => email.trim().toLowerCase();

/** Records that `email` wants no more weekly summaries of `organisationId`; unsubscribing twice is fine. */
export async function optOut(db: Db, organisationId: string, email: string, now: Date): Promise<void> {
  await db
    .insertInto('weekly_summary_opt_out')
    .values({ organisation_id: organisationId, email: normaliseSummaryEmail(email), opted_out_at: now })
    .onConflict((oc) => oc.columns(['organisation_id', 'email']).doNothing())
    .execute();
}

/** The addresses that unsubscribed from an organisation's summary. */
export async function optedOut(db: Db, organisationId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('weekly_summary_opt_out')
    .select('email')
    .where('organisation_id', '=', organisationId)
    .execute();
  return new Set(rows.map((r) => r.email));
}

/** Whether the organisation's main user switched the summary off for everyone. */
export async function summaryOff(db: Db, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('weekly_summary_off')
    .select('organisation_id')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}
