import { type Kysely, sql } from 'kysely';

/**
 * Raw login reports are deleted when older than their retention (docs/operations.md "Login reports"):
 * the sweeper deletes by age alone, so the age needs its own index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX login_report_at ON login_report (at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX login_report_at`.execute(db);
}
