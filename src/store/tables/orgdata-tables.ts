import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Organisation data from OPH's organisation service (src/orgdata). One row per OID. */
export interface OrgdataOrganisationTable {
  oid: string;
  kind: 'koulutustoimija' | 'oppilaitos' | 'toimipiste';
  school_code: string | null;
  office_code: string | null;
  institution_type: string | null;
  parent_oid: string | null;
  name_fi: string | null;
  name_sv: string | null;
  name_en: string | null;
  active: boolean;
  /** Home municipality (migration 0400): Statistics Finland code from `kotipaikkaUri`, koodisto names. */
  municipality_code: string | null;
  municipality_fi: string | null;
  municipality_sv: string | null;
  /** lakkautusPvm, `YYYY-MM-DD`. */
  closed_on: string | null;
  source: string;
  updated_at: Generated<Timestamp>;
}

/** When the organisation data was last refreshed, and from where (the change feed starts from it). */
export interface OrgdataStateTable {
  singleton: number;
  refreshed_at: Timestamp;
  source: string;
}

export interface OrgdataTables {
  orgdata_organisation: OrgdataOrganisationTable;
  orgdata_state: OrgdataStateTable;
}
