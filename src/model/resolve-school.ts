import type { Organisation } from '../orgdata/organisation.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import { ProblemCodes } from './problem-codes.ts';

/** A school position that resolved: the school, the office it was given as, its education provider. */
export interface ResolvedSchool {
  school: Organisation;
  office?: Organisation;
  /** Parent OID of the school (the role needs it even when the provider record is unknown). */
  providerOid?: string;
  provider?: Organisation;
}

export type SchoolResolution =
  | { ok: true; value: ResolvedSchool }
  | {
      ok: false;
      code:
        | typeof ProblemCodes.SCHOOL_ID_MALFORMED
        | typeof ProblemCodes.SCHOOL_UNRESOLVED
        | typeof ProblemCodes.SCHOOL_INACTIVE
        | typeof ProblemCodes.SCHOOL_NOT_ALLOWED;
      reason: string;
    };

const SCHOOL_CODE = /^\d{5}$/;
const SHORT_NUMBER = /^\d{1,6}$/;
const OID = /^[0-2](\.\d{1,20}){2,20}$/;

/**
 * As ECA `findSchool`: a 5-digit code or an organisation OID; longer numbers and non-numeric ids
 * without a dot are never looked up. Only active schools resolve. An office (toimipiste)
 * resolves to its parent school and is kept for `schoolInfo` and the role's 7th field.
 */
export function resolveSchool(
  id: string,
  orgdata: OrgdataLookup,
  allowedOrganisationOids?: readonly string[],
): SchoolResolution {
  let org: Organisation | undefined;
  if (SCHOOL_CODE.test(id)) org = orgdata.bySchoolCode(id);
  else if (OID.test(id)) org = orgdata.byOid(id);
  else if (!SHORT_NUMBER.test(id)) {
    return { ok: false, code: ProblemCodes.SCHOOL_ID_MALFORMED, reason: 'neither a school code nor an OID' };
  }
  const restricted = allowedOrganisationOids !== undefined && allowedOrganisationOids.length > 0;
  if (!org) {
    // A school may assert only its own organisation's schools. An unknown code
    // cannot be shown to belong to it, so under a restriction it is refused, not released.
    return restricted
      ? {
          ok: false,
          code: ProblemCodes.SCHOOL_NOT_ALLOWED,
          reason: "unknown to the organisation data, so not shown to be in the integration's organisation",
        }
      : { ok: false, code: ProblemCodes.SCHOOL_UNRESOLVED, reason: 'unknown to the organisation data' };
  }
  // Ownership before activity: a closed school of another organisation is foreign, not just closed.
  if (restricted && !belongsTo(org, orgdata, allowedOrganisationOids)) {
    return {
      ok: false,
      code: ProblemCodes.SCHOOL_NOT_ALLOWED,
      reason: "outside the integration's organisation",
    };
  }
  if (!org.active) return { ok: false, code: ProblemCodes.SCHOOL_INACTIVE, reason: 'not active' };

  let office: Organisation | undefined;
  let school = org;
  if (org.kind === 'toimipiste') {
    office = org;
    const parent = org.parentOid ? orgdata.byOid(org.parentOid) : undefined;
    if (parent?.kind !== 'oppilaitos') {
      return { ok: false, code: ProblemCodes.SCHOOL_UNRESOLVED, reason: 'office without a parent school' };
    }
    if (!parent.active)
      return { ok: false, code: ProblemCodes.SCHOOL_INACTIVE, reason: 'parent school not active' };
    school = parent;
  } else if (org.kind !== 'oppilaitos') {
    return { ok: false, code: ProblemCodes.SCHOOL_UNRESOLVED, reason: `a ${org.kind}, not a school` };
  }

  const provider = school.parentOid ? orgdata.byOid(school.parentOid) : undefined;
  const value: ResolvedSchool = { school };
  if (office) value.office = office;
  if (school.parentOid) value.providerOid = school.parentOid;
  if (provider && provider.kind === 'koulutustoimija') value.provider = provider;
  return { ok: true, value };
}

/**
 * A school belongs to the integration's organisation when its own OID, its office's OID or its education
 * provider's OID is allowed (docs/decisions-data-model.md). An office is judged with its parent school.
 */
function belongsTo(org: Organisation, orgdata: OrgdataLookup, allowed: readonly string[]): boolean {
  const parent = org.kind === 'toimipiste' && org.parentOid ? orgdata.byOid(org.parentOid) : undefined;
  const school = parent ?? org;
  return [org.oid, school.oid, school.parentOid].some((oid) => oid !== undefined && allowed.includes(oid));
}
