import type { Organisation } from './organisation.ts';

/**
 * Synchronous lookups on the login path: never touches the network or the store; built once
 * from the snapshot and the stored table, and swapped as a whole after a refresh.
 */
export interface OrgdataLookup {
  bySchoolCode(code: string): Organisation | undefined;
  byOid(oid: string): Organisation | undefined;
  /** Every record, for the portal's searches (find-organisations.ts); not for the login path. */
  all(): Iterable<Organisation>;
  readonly size: number;
}

/**
 * In-memory index. Later records win over earlier ones with the same OID, so callers pass the bundled
 * snapshot first and fresher data after it. A school code maps to the active school when several
 * records share it (a closed school's code can be reused), and to the later one of two active schools.
 */
export function createOrgdataIndex(
  records: Iterable<Organisation>,
  today: string = new Date().toISOString().slice(0, 10),
): OrgdataLookup {
  const byOid = new Map<string, Organisation>();
  // `active` was decided when the record was read; a closing date that has passed since (the change feed
  // does not send the school again) closes it now. Nodes rebuild the index every 10 minutes.
  for (const org of records)
    byOid.set(
      org.oid,
      org.active && org.closedOn !== undefined && org.closedOn < today ? { ...org, active: false } : org,
    );
  const byCode = new Map<string, Organisation>();
  for (const org of byOid.values()) {
    if (org.kind !== 'oppilaitos' || !org.schoolCode) continue;
    const current = byCode.get(org.schoolCode);
    // An active record beats a closed one; between two active ones the later (fresher, e.g. refreshed
    // from OPH over the bundled snapshot) wins, so a bundled synthetic school never hides a real one.
    if (!current || org.active || !current.active) byCode.set(org.schoolCode, org);
  }
  return {
    bySchoolCode: (code) => byCode.get(code),
    byOid: (oid) => byOid.get(oid),
    all: () => byOid.values(),
    size: byOid.size,
  };
}
