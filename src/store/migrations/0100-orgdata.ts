import { type Kysely, sql } from 'kysely';

// Organisation data: valid on PostgreSQL 15+ and PGlite.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE orgdata_organisation (
      oid text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('koulutustoimija', 'oppilaitos', 'toimipiste')),
      school_code text,
      office_code text,
      institution_type text,
      parent_oid text,
      name_fi text,
      name_sv text,
      name_en text,
      active boolean NOT NULL,
      closed_on text,
      source text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orgdata_organisation_school_code ON orgdata_organisation (school_code)
      WHERE school_code IS NOT NULL;

    CREATE TABLE orgdata_state (
      singleton integer PRIMARY KEY CHECK (singleton = 1),
      refreshed_at timestamptz NOT NULL,
      source text NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE orgdata_state;
    DROP TABLE orgdata_organisation;
  `.execute(db);
}
