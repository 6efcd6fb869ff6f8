import { type Kysely, sql } from 'kysely';

/**
 * Agreements for services by agreement (docs/registry.md "Services by agreement", MPASSid reference §9.3):
 * one row per education provider organisation and service, moved through requested → accepted | declined
 * and withdrawn. A new request after a decline or withdrawal reuses the row; every step is in the portal
 * audit. Who asked and who decided are portal person ids.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_agreement (
      id text PRIMARY KEY,
      organisation_id text NOT NULL,
      service_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'withdrawn')),
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      decided_by text,
      decided_at timestamptz,
      reason text,
      UNIQUE (organisation_id, service_id)
    );
    CREATE INDEX service_agreement_service ON service_agreement (service_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE service_agreement`.execute(db);
}
