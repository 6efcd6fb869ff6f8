import { type Kysely, sql } from 'kysely';

/**
 * Expiry notices and logos (docs/portal.md "Needs attention", "Logos").
 *
 * `expiry_notice_send` is one row per expiring item (its key names the entity, what expires and when),
 * threshold (30 or 7 days) and recipient: inserted once (ON CONFLICT DO NOTHING) and claimed by one node
 * with a lease, like `weekly_summary_send`, so several nodes send each notice once.
 *
 * `logo` holds uploaded logos content-addressed by their SHA-256, validated before they are stored; the
 * registry's `logo` fields name them as `<sha256>.<ext>`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE expiry_notice_send (
      item_key text NOT NULL,
      threshold integer NOT NULL,
      email text NOT NULL,
      organisation_id text NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      retry_at timestamptz NOT NULL,
      sent_at timestamptz,
      PRIMARY KEY (item_key, threshold, email)
    );
    CREATE INDEX expiry_notice_send_retry_at ON expiry_notice_send (retry_at);
    CREATE TABLE logo (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
      width integer NOT NULL,
      height integer NOT NULL,
      bytes bytea NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE expiry_notice_send, logo`.execute(db);
}
