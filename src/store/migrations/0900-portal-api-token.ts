import { type Kysely, sql } from 'kysely';

/**
 * Per-person API tokens of the management portal (docs/portal.md "JSON API"): each for one organisation
 * and role, with an expiry, revocable; stored only as the SHA-256 of the token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_api_token (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      person_id text NOT NULL REFERENCES portal_person (id) ON DELETE CASCADE,
      organisation_id text NOT NULL,
      role text NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE INDEX portal_api_token_person ON portal_api_token (person_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE portal_api_token`.execute(db);
}
