import { type Kysely, sql } from 'kysely';

/**
 * "Test the connection" and "Going to production" for integrations (docs/portal.md "Test login and
 * production"):
 * - `integration_test_ticket`: a test login started from the portal, by its SHA-256 only; bound to the
 *   person who started it and one integration, single use (`used_at`), valid 15 minutes like the test
 *   service's own request ids.
 * - `integration_test_login`: the stored result of one test login: who, when, pass or fail and the problems
 *   (per data-model attribute status and problem codes, never attribute values).
 * - `integration_production_approval`: production integrations created from a test integration while
 *   operator approval is required, and who approved them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE integration_test_ticket (
      id_hash text PRIMARY KEY,
      person_id text NOT NULL,
      organisation_id text NOT NULL,
      integration_id text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX integration_test_ticket_expires_at ON integration_test_ticket (expires_at);
    CREATE TABLE integration_test_login (
      id text PRIMARY KEY,
      organisation_id text NOT NULL,
      integration_id text NOT NULL,
      person_id text NOT NULL,
      at timestamptz NOT NULL,
      protocol text NOT NULL,
      passed boolean NOT NULL,
      problems jsonb NOT NULL
    );
    CREATE INDEX integration_test_login_integration_at ON integration_test_login (integration_id, at);
    CREATE TABLE integration_production_approval (
      integration_id text PRIMARY KEY,
      organisation_id text NOT NULL,
      source_integration_id text NOT NULL,
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      approved_by text,
      approved_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE integration_test_ticket, integration_test_login, integration_production_approval`.execute(
    db,
  );
}
