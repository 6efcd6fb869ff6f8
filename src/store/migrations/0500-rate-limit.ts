import { type Kysely, sql } from 'kysely';

/**
 * Request counters shared by every node (docs/operations.md "Rate limits").
 * UNLOGGED like the other short-lived state: a crash loses at most one window of counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE rate_limit (
      key text PRIMARY KEY,
      count integer NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX rate_limit_expires_at ON rate_limit (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE rate_limit`.execute(db);
}
