import { type Kysely, sql } from 'kysely';

/**
 * Daily login statistics (docs/operations.md "Daily login statistics"): one counter row per day, service,
 * integration and outcome, raised by one upsert per finished login (no read). Identifiers and counts
 * only, no personal data. `integration_id` is '' when the login ended before a school was chosen. Rows
 * older than 25 months are deleted by the sweeper; the index on `day` serves that delete.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE login_daily (
      day date NOT NULL,
      service_id text NOT NULL,
      integration_id text NOT NULL,
      outcome text NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (day, service_id, integration_id, outcome)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE login_daily`.execute(db);
}
