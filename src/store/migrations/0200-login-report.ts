import { type Kysely, sql } from 'kysely';

/**
 * What each login's data-model rules did. `problems` holds rule codes only (no personal
 * data) for statistics; `detail` (raw and released attributes) is kept only for the built-in attribute
 * test service and expires with `detail_expires_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE login_report (
      id text PRIMARY KEY,
      at timestamptz NOT NULL,
      service_id text NOT NULL,
      integration_id text NOT NULL,
      correlation_id text,
      blocked boolean NOT NULL,
      problems jsonb NOT NULL,
      detail jsonb,
      detail_expires_at timestamptz
    );
    CREATE INDEX login_report_correlation ON login_report (service_id, correlation_id) WHERE correlation_id IS NOT NULL;
    CREATE INDEX login_report_integration_at ON login_report (integration_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE login_report`.execute(db);
}
