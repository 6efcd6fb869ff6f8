import { type Kysely, sql } from 'kysely';

/**
 * Joining Passi (docs/portal.md "Joining", "Terms of service"): the terms of service versions the operator
 * publishes, every acceptance of them (who, when, which version and the hash of the exact text), and the
 * applications of organisations that want to join. Link tokens are stored only as their SHA-256.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_terms_version (
      id integer PRIMARY KEY,
      published_at timestamptz NOT NULL,
      published_by text NOT NULL,
      text_fi text NOT NULL,
      text_sv text NOT NULL,
      text_en text NOT NULL,
      text_sha256 text NOT NULL
    );

    CREATE TABLE portal_join_application (
      id text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('received', 'verified', 'approved', 'rejected')),
      kind text NOT NULL CHECK (kind IN ('education', 'service', 'both')),
      details jsonb NOT NULL,
      contact_email text NOT NULL,
      confirmed_oid text,
      terms_version integer NOT NULL REFERENCES portal_terms_version (id),
      verify_token_hash text NOT NULL UNIQUE,
      verify_expires_at timestamptz NOT NULL,
      verified_at timestamptz,
      status_token_hash text NOT NULL UNIQUE,
      decided_at timestamptz,
      decided_by text,
      reject_reason text,
      organisation_id text,
      ip text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX portal_join_application_status ON portal_join_application (status, created_at);

    CREATE TABLE portal_terms_acceptance (
      id bigserial PRIMARY KEY,
      terms_version integer NOT NULL REFERENCES portal_terms_version (id),
      text_sha256 text NOT NULL,
      accepted_by_email text NOT NULL,
      accepted_by_person text,
      accepted_at timestamptz NOT NULL,
      application_id text REFERENCES portal_join_application (id),
      organisation_id text
    );
    CREATE INDEX portal_terms_acceptance_organisation ON portal_terms_acceptance (organisation_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE portal_terms_acceptance, portal_join_application, portal_terms_version`.execute(db);
}
