import { type Kysely, sql } from 'kysely';

/**
 * Every change to `upstream_metadata`, by whichever writer (a node's refresh, an operator's SQL), notifies
 * `passi_upstream_metadata` at commit. Nodes keep the login columns of each stored copy in memory while
 * they hear this channel (docs/performance.md "School metadata from memory"), so a change must never go
 * unannounced. A statement-level trigger: one notification per statement, however many rows it touched.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION upstream_metadata_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('passi_upstream_metadata', '');
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER upstream_metadata_changed
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON upstream_metadata
      FOR EACH STATEMENT EXECUTE FUNCTION upstream_metadata_notify();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER upstream_metadata_changed ON upstream_metadata;
    DROP FUNCTION upstream_metadata_notify();
  `.execute(db);
}
