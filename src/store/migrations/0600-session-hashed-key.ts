import { type Kysely, sql } from 'kysely';

/**
 * Sessions are now stored under a hash of their cookie (core/flow/session-handle.ts). Rows written before
 * were keyed by the cookie value itself, a usable credential for anyone who reads the store: they are
 * dropped, and those browsers simply log in again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM session`.execute(db);
}

/** Nothing to restore: the dropped sessions are gone, and hashed keys work with the old code as misses. */
export async function down(_db: Kysely<unknown>): Promise<void> {}
