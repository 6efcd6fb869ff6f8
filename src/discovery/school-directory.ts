import type { Organisation } from '../orgdata/organisation.ts';
import { createOrgdataIndex, type OrgdataLookup } from '../orgdata/orgdata-lookup.ts';

/**
 * The organisation data as discovery needs it: the orgdata lookups plus "the schools of an organisation"
 * (docs/discovery.md: candidate schools come from the organisation hierarchy). OrgdataLookup has no
 * by-parent query, so this derives one from the same records (later records win over earlier ones with
 * the same OID, as in createOrgdataIndex).
 */
export interface SchoolDirectory extends OrgdataLookup {
  /** Schools (oppilaitos) whose parent is `oid`, active or not, in record order. */
  schoolsOf(oid: string): readonly Organisation[];
}

export function createSchoolDirectory(records: Iterable<Organisation>): SchoolDirectory {
  const all = [...records];
  const lookup = createOrgdataIndex(all);
  const children = new Map<string, Organisation[]>();
  const latest = new Map<string, Organisation>();
  for (const org of all) latest.set(org.oid, org);
  for (const org of latest.values()) {
    if (org.kind !== 'oppilaitos' || !org.parentOid) continue;
    const list = children.get(org.parentOid);
    if (list) list.push(org);
    else children.set(org.parentOid, [org]);
  }
  return {
    bySchoolCode: (code) => lookup.bySchoolCode(code),
    byOid: (oid) => lookup.byOid(oid),
    all: () => lookup.all(),
    size: lookup.size,
    schoolsOf: (oid) => children.get(oid) ?? [],
  };
}
