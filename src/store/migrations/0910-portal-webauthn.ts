import { type Kysely, sql } from 'kysely';

/**
 * Passkeys (WebAuthn Level 3) as the portal's second factor (docs/portal.md "Passkeys"): the registered
 * credentials of each person, and the challenges Passi handed out, kept server-side so that each is used
 * once and only by the invitation or person it was issued to (WebAuthn §13.4.3 "Cryptographic
 * Challenges"). Numbered after 0900 so that it sorts after the portal migrations being written in
 * parallel.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_webauthn_credential (
      id text PRIMARY KEY,
      person_id text NOT NULL REFERENCES portal_person (id) ON DELETE CASCADE,
      public_key text NOT NULL,
      sign_count bigint NOT NULL DEFAULT 0,
      transports jsonb NOT NULL DEFAULT '[]'::jsonb,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );
    CREATE INDEX portal_webauthn_credential_person ON portal_webauthn_credential (person_id);

    CREATE TABLE portal_webauthn_challenge (
      challenge_hash text PRIMARY KEY,
      purpose text NOT NULL CHECK (purpose IN ('registration', 'authentication')),
      bound_to text NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX portal_webauthn_challenge_expires ON portal_webauthn_challenge (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE portal_webauthn_challenge, portal_webauthn_credential`.execute(db);
}
