import type { Organisation } from './organisation.ts';
import type { OrgdataLookup } from './orgdata-lookup.ts';

/** How many proposals the join form shows at most: enough for similar names, short enough to read. */
const MAX_PROPOSALS = 5;

/** Lower case, accents kept (ä ≠ a in Finnish), punctuation and repeated spaces removed. */
function normalise(name: string): string {
  return name
    .toLocaleLowerCase('fi')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Active education providers (koulutustoimija) whose name in any language contains every word of `name`
 * (OPH organisation service names, mpassid-reference §11): the join form's proposals of the OPH OID.
 */
export function findProvidersByName(orgdata: OrgdataLookup, name: string): Organisation[] {
  const words = normalise(name).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const found: Organisation[] = [];
  for (const org of orgdata.all()) {
    if (org.kind !== 'koulutustoimija' || !org.active) continue;
    const names = Object.values(org.names).map((n) => normalise(n ?? ''));
    if (names.some((n) => words.every((w) => n.includes(w)))) found.push(org);
    if (found.length >= MAX_PROPOSALS) break;
  }
  return found;
}

/** Active schools (oppilaitos) whose parent is `parentOid`, by name: what joining with that OID covers. */
export function activeSchoolsOf(orgdata: OrgdataLookup, parentOid: string): Organisation[] {
  return [...orgdata.all()]
    .filter((o) => o.kind === 'oppilaitos' && o.active && o.parentOid === parentOid)
    .sort((a, b) => (a.names.fi ?? a.oid).localeCompare(b.names.fi ?? b.oid, 'fi'));
}
