import type { Selectable } from 'kysely';
import type { Db } from '../store/database.ts';
import type { OrgdataOrganisationTable } from '../store/tables/orgdata-tables.ts';
import { bundledOrganisations } from './bundled-snapshot.ts';
import type { Organisation } from './organisation.ts';
import { createOrgdataIndex, type OrgdataLookup } from './orgdata-lookup.ts';
import type { OrgdataStore } from './orgdata-store.ts';

const BATCH = 500;

/** Organisation data in the `orgdata_organisation` table (migrations 0100-orgdata, 0400-orgdata-municipality). */
export function createOrgdataRepository(db: Db): OrgdataStore {
  return {
    async upsertMany(organisations) {
      for (let i = 0; i < organisations.length; i += BATCH) {
        const rows = organisations.slice(i, i + BATCH).map(toRow);
        await db
          .insertInto('orgdata_organisation')
          .values(rows)
          .onConflict((oc) =>
            oc.column('oid').doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              school_code: eb.ref('excluded.school_code'),
              office_code: eb.ref('excluded.office_code'),
              institution_type: eb.ref('excluded.institution_type'),
              parent_oid: eb.ref('excluded.parent_oid'),
              name_fi: eb.ref('excluded.name_fi'),
              name_sv: eb.ref('excluded.name_sv'),
              name_en: eb.ref('excluded.name_en'),
              municipality_code: eb.ref('excluded.municipality_code'),
              municipality_fi: eb.ref('excluded.municipality_fi'),
              municipality_sv: eb.ref('excluded.municipality_sv'),
              active: eb.ref('excluded.active'),
              closed_on: eb.ref('excluded.closed_on'),
              source: eb.ref('excluded.source'),
              updated_at: new Date(),
            })),
          )
          .execute();
      }
      return organisations.length;
    },
    async loadAll() {
      const rows = await db.selectFrom('orgdata_organisation').selectAll().orderBy('oid').execute();
      return rows.map(fromRow);
    },
    async lastRefresh() {
      const row = await db.selectFrom('orgdata_state').selectAll().executeTakeFirst();
      return row ? { at: new Date(row.refreshed_at), source: row.source } : undefined;
    },
    async recordRefresh(source, at) {
      await db
        .insertInto('orgdata_state')
        .values({ singleton: 1, refreshed_at: at, source })
        .onConflict((oc) => oc.column('singleton').doUpdateSet({ refreshed_at: at, source }))
        .execute();
    },
  };
}

/**
 * The login-path lookup: the bundled snapshot overlaid with the stored table (stored rows win). Build it
 * at boot and again after each refresh; lookups themselves never touch the store or the network.
 */
export async function loadOrgdataLookup(store: OrgdataStore): Promise<OrgdataLookup> {
  return createOrgdataIndex([...bundledOrganisations(), ...(await store.loadAll())]);
}

function toRow(org: Organisation) {
  return {
    oid: org.oid,
    kind: org.kind,
    school_code: org.schoolCode ?? null,
    office_code: org.officeCode ?? null,
    institution_type: org.institutionType ?? null,
    parent_oid: org.parentOid ?? null,
    name_fi: org.names.fi ?? null,
    name_sv: org.names.sv ?? null,
    name_en: org.names.en ?? null,
    municipality_code: org.municipality?.code ?? null,
    municipality_fi: org.municipality?.names.fi ?? null,
    municipality_sv: org.municipality?.names.sv ?? null,
    active: org.active,
    closed_on: org.closedOn ?? null,
    source: org.source,
  };
}

function fromRow(row: Selectable<OrgdataOrganisationTable>): Organisation {
  const org: Organisation = {
    oid: row.oid,
    kind: row.kind,
    names: {},
    active: row.active,
    source: row.source,
  };
  if (row.name_fi !== null) org.names.fi = row.name_fi;
  if (row.name_sv !== null) org.names.sv = row.name_sv;
  if (row.name_en !== null) org.names.en = row.name_en;
  if (row.school_code !== null) org.schoolCode = row.school_code;
  if (row.office_code !== null) org.officeCode = row.office_code;
  if (row.institution_type !== null) org.institutionType = row.institution_type;
  if (row.parent_oid !== null) org.parentOid = row.parent_oid;
  if (row.closed_on !== null) org.closedOn = row.closed_on;
  if (row.municipality_code !== null) {
    org.municipality = { code: row.municipality_code, names: {} };
    if (row.municipality_fi !== null) org.municipality.names.fi = row.municipality_fi;
    if (row.municipality_sv !== null) org.municipality.names.sv = row.municipality_sv;
  }
  return org;
}
