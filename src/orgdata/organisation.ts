import type { LocalisedText } from '../core/language.ts';

/**
 * One organisation as Passi keeps it (https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html): the subset of OPH's organisation service
 * the data model needs. Education providers (koulutustoimija), schools (oppilaitos) and offices
 * (toimipiste, whose parent is a school).
 */
export type OrganisationKind = 'koulutustoimija' | 'oppilaitos' | 'toimipiste';

export interface Organisation {
  oid: string;
  kind: OrganisationKind;
  names: LocalisedText;
  /** Statistics Finland 5-digit school code (oppilaitosKoodi); schools only. */
  schoolCode?: string;
  /** Office code (toimipistekoodi, 7 digits); offices only. */
  officeCode?: string;
  /** oppilaitostyyppi code, e.g. `11` (peruskoulut), `21` (ammatilliset oppilaitokset). */
  institutionType?: string;
  /** School → education provider; office → school. */
  parentOid?: string;
  /** Active in the organisation service (status AKTIIVINEN and not past lakkautusPvm). */
  active: boolean;
  /** Home municipality (kotipaikka), when the organisation service gives one. */
  municipality?: Municipality;
  /** lakkautusPvm as an ISO date, when known. */
  closedOn?: string;
  /** Where this record came from (URL, file, or "synthetic test data"). */
  source: string;
}

/**
 * A municipality (https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html): `kotipaikkaUri` `kunta_<code>` on the organisation, names from
 * OPH's koodisto code list `kunta` (municipality-names.ts). Names are absent when the code list was not
 * loaded, does not know the code, or the code is not a place (municipality-names.ts ARTIFICIAL_CODES).
 */
export interface Municipality {
  /** Statistics Finland municipality code, 3 digits (`091` Helsinki). */
  code: string;
  names: { fi?: string; sv?: string };
}
