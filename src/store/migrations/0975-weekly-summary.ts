import { type Kysely, sql } from 'kysely';

/**
 * The weekly summary mail (docs/operations.md "Weekly summary"). `weekly_summary_send` is one row per
 * organisation, ISO week and recipient: inserted once (ON CONFLICT DO NOTHING) and claimed by one node
 * with a lease, so several nodes send each mail once and a node that dies mid-send leaves a row the next
 * run claims again. `weekly_summary_opt_out` holds the addresses that unsubscribed, per organisation;
 * `weekly_summary_off` the organisations whose main user switched the summary off. Addresses of
 * technical contacts only, no login data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE weekly_summary_send (
      organisation_id text NOT NULL,
      week text NOT NULL,
      email text NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      retry_at timestamptz NOT NULL,
      sent_at timestamptz,
      PRIMARY KEY (organisation_id, week, email)
    );
    CREATE INDEX weekly_summary_send_retry_at ON weekly_summary_send (retry_at);
    CREATE TABLE weekly_summary_opt_out (
      organisation_id text NOT NULL,
      email text NOT NULL,
      opted_out_at timestamptz NOT NULL,
      PRIMARY KEY (organisation_id, email)
    );
    CREATE TABLE weekly_summary_off (
      organisation_id text PRIMARY KEY,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE weekly_summary_send, weekly_summary_opt_out, weekly_summary_off`.execute(db);
}
