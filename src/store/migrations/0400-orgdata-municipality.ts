import { type Kysely, sql } from 'kysely';

/**
 * The organisation's home municipality (kotipaikka, https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html): the Statistics Finland
 * code from `kotipaikkaUri` and its fi/sv names from OPH's koodisto `kunta` (src/orgdata/
 * municipality-names.ts), so the school selection can be searched by municipality.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE orgdata_organisation
      ADD COLUMN municipality_code text CHECK (municipality_code ~ '^[0-9]{3}$'),
      ADD COLUMN municipality_fi text,
      ADD COLUMN municipality_sv text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE orgdata_organisation
      DROP COLUMN municipality_sv,
      DROP COLUMN municipality_fi,
      DROP COLUMN municipality_code;
  `.execute(db);
}
