import { type Kysely, sql } from 'kysely';

/**
 * The last good copy of each school IdP's SAML metadata (docs/integrations/saml.md), so the
 * login path never fetches the network: validated fields are kept in columns (no XML parsing per login),
 * the XML itself for audit and re-validation, and the expiry dates behind the warnings (metadata
 * `validUntil`, earliest signing certificate `notAfter`). A failed refresh only writes `last_error`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE upstream_metadata (
      integration_id text PRIMARY KEY,
      source text NOT NULL,
      xml text NOT NULL,
      entity_id text NOT NULL,
      sso_redirect_url text,
      sso_post_url text,
      signing_certificates jsonb NOT NULL,
      fingerprints jsonb NOT NULL,
      valid_until timestamptz,
      certificates_not_after timestamptz,
      fetched_at timestamptz NOT NULL,
      refresh_after timestamptz NOT NULL,
      last_attempt_at timestamptz,
      last_error text
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE upstream_metadata`.execute(db);
}
