import { type Kysely, sql } from 'kysely';

/**
 * The management portal's people, their roles per organisation, single-use invitations, sessions and
 * audit trail (docs/portal.md). Secrets are stored only as hashes (tokens, passwords, recovery codes) or
 * sealed with the secret key (TOTP secrets). Sessions are ordinary tables, not UNLOGGED: a crash must not
 * sign every operator out of an incident they are handling.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_person (
      id text PRIMARY KEY,
      email text NOT NULL,
      display_name text NOT NULL DEFAULT '',
      status text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
      password_hash text,
      totp_secret text,
      totp_last_step bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX portal_person_email ON portal_person (email);

    CREATE TABLE portal_membership (
      person_id text NOT NULL REFERENCES portal_person (id) ON DELETE CASCADE,
      organisation_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('operator', 'education-main', 'education-viewer', 'service-main', 'service-viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, organisation_id, role)
    );

    CREATE TABLE portal_recovery_code (
      person_id text NOT NULL REFERENCES portal_person (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (person_id, code_hash)
    );

    CREATE TABLE portal_invitation (
      token_hash text PRIMARY KEY,
      person_id text NOT NULL REFERENCES portal_person (id) ON DELETE CASCADE,
      organisation_id text NOT NULL,
      role text NOT NULL,
      invited_by text NOT NULL,
      pending_totp_secret text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX portal_invitation_person ON portal_invitation (person_id);

    CREATE TABLE portal_session (
      id_hash text PRIMARY KEY,
      person_id text NOT NULL REFERENCES portal_person (id) ON DELETE CASCADE,
      organisation_id text NOT NULL,
      role text NOT NULL,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      authenticated_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX portal_session_expires ON portal_session (expires_at);

    CREATE TABLE portal_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      organisation_id text,
      subject text,
      ip text,
      detail jsonb
    );
    CREATE INDEX portal_audit_subject ON portal_audit (action, subject, at);
    CREATE INDEX portal_audit_ip ON portal_audit (action, ip, at);
    CREATE INDEX portal_audit_organisation ON portal_audit (organisation_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE portal_audit, portal_session, portal_invitation, portal_recovery_code, portal_membership, portal_person`.execute(
    db,
  );
}
