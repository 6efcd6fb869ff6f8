/**
 * The multivalue acceptance rule and the pairing of schools with roles, classes and charges, exactly as
 * ECA `populateRolesDTOs` (github.com/mpassid/shibboleth-idp-attribute-ecadata, the wiki rules at https://wiki.eduuni.fi/x/ya-gDQ).
 */
export interface RoleEntry {
  index: number;
  schoolId: string | null;
  role: string | null;
  group: string | null;
  /** The charge value paired with this school; `undefined` when no charges were sent. */
  charge: string | null | undefined;
  /** Charges were sent but their count is neither 1 nor the number of schools. */
  chargeCountMismatch: boolean;
}

export type Positional = readonly (string | null)[];

/** `|S|==|R|==|G|`, or `|G|<=1` and (`|S|==|R|` or `|R|==1`), or `|G|==|S|` and `|R|==1`. */
export function isAcceptedCombination(schools: number, roles: number, groups: number): boolean {
  return (
    (schools === roles && roles === groups) ||
    (groups <= 1 && (schools === roles || roles === 1)) ||
    (groups === schools && roles === 1)
  );
}

/** One entry per school position, or `undefined` when the combination is rejected (nothing is sent). */
export function pairRoleEntries(
  schools: Positional,
  roles: Positional,
  groups: Positional,
  charges: Positional | undefined,
): RoleEntry[] | undefined {
  if (!isAcceptedCombination(schools.length, roles.length, groups.length)) return undefined;
  const chargeIndex = (i: number): number => {
    if (!charges) return -1;
    if (charges.length === 1) return 0;
    return charges.length === schools.length ? i : -1;
  };
  return schools.map((schoolId, i) => {
    const ci = chargeIndex(i);
    return {
      index: i,
      schoolId,
      role: (roles.length === 1 ? roles[0] : roles[i]) ?? null,
      // A single class belongs to the first school only.
      group:
        (groups.length === 1 ? (i === 0 ? groups[0] : null) : groups.length > 1 ? groups[i] : null) ?? null,
      charge: charges ? (ci >= 0 ? (charges[ci] ?? null) : null) : undefined,
      chargeCountMismatch: charges !== undefined && ci < 0,
    };
  });
}
