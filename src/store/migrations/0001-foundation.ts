import { type Kysely, sql } from 'kysely';

// One SQL dialect for PGlite and PostgreSQL (docs/operations.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE registry_entity (
      kind text NOT NULL CHECK (kind IN ('organisation', 'integration', 'service', 'serviceSet')),
      id text NOT NULL,
      natural_key text,
      doc jsonb NOT NULL,
      secrets text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, id)
    );
    CREATE UNIQUE INDEX registry_entity_natural_key ON registry_entity (kind, natural_key)
      WHERE natural_key IS NOT NULL;

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
      entity_kind text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb
    );
    CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id, at);

    CREATE TABLE registry_state (
      singleton integer PRIMARY KEY CHECK (singleton = 1),
      version bigint NOT NULL
    );
    INSERT INTO registry_state (singleton, version) VALUES (1, 0);

    CREATE TABLE signing_key (
      kid text PRIMARY KEY,
      use text NOT NULL CHECK (use IN ('saml-sig', 'saml-enc', 'oidc-sig')),
      alg text NOT NULL,
      state text NOT NULL CHECK (state IN ('next', 'active', 'retired')),
      public_pem text NOT NULL,
      certificate_pem text NOT NULL,
      private_encrypted text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      not_after timestamptz NOT NULL
    );

    CREATE UNLOGGED TABLE flow (
      id text PRIMARY KEY,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz
    );
    CREATE INDEX flow_expires ON flow (expires_at);

    CREATE UNLOGGED TABLE session (
      id text PRIMARY KEY,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX session_expires ON session (expires_at);

    CREATE UNLOGGED TABLE replay (
      namespace text NOT NULL,
      key text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (namespace, key)
    );
    CREATE INDEX replay_expires ON replay (expires_at);

    CREATE UNLOGGED TABLE oidc_artifact (
      model text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      uid text,
      user_code text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    );
    CREATE INDEX oidc_artifact_grant ON oidc_artifact (grant_id) WHERE grant_id IS NOT NULL;
    CREATE INDEX oidc_artifact_uid ON oidc_artifact (model, uid) WHERE uid IS NOT NULL;
    CREATE INDEX oidc_artifact_expires ON oidc_artifact (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE oidc_artifact, replay, session, flow, signing_key, registry_state, audit_log, registry_entity`.execute(
    db,
  );
}
