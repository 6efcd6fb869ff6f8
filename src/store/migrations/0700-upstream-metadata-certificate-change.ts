import { type Kysely, sql } from 'kysely';

/**
 * When a refresh of the same metadata source brings other signing certificates than the stored copy, the
 * time and the fingerprints it replaced are kept with the integration's metadata, so operators see the
 * change (`passi integrations`) and can check that it was the school's own key rollover.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE upstream_metadata
      ADD COLUMN certificates_changed_at timestamptz,
      ADD COLUMN previous_fingerprints jsonb;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE upstream_metadata DROP COLUMN certificates_changed_at, DROP COLUMN previous_fingerprints;
  `.execute(db);
}
