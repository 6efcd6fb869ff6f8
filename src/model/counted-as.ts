import type { CountedAs, RoleKind } from '../core/resolved-identity.ts';
import { mapRole } from './role-codes.ts';

/** Role codes counted as teachers: teacher and substitute teacher (role code list, role-codes.ts). */
const TEACHER_CODES: ReadonlySet<number> = new Set([2, 5]);
const PUPIL_CODE = 1;

/** A school id as the registry may send it: a 5-digit code or an OID — bounded, so counters stay few. */
const SCHOOL_ID_SHAPE = /^(\d{5}|1\.2\.246\.562\.\d{1,3}\.\d{11})$/;

/**
 * Under which school and role kind a login is counted (docs/operations.md "Daily login statistics"): the
 * first released school code, else the first school id the registry sent when it has a school id's shape
 * (an unknown or foreign school is what the data-quality view must show), and the kind of the person's
 * first role — pupil, teacher, or other for any other value, also one outside the code list, so a
 * registry sending unknown roles still shows up.
 */
export function countedAs(
  schoolCodes: readonly string[] | undefined,
  sourceSchoolIds: readonly (string | null)[],
  roles: readonly (string | null)[],
): CountedAs {
  const firstRole = roles.find((r): r is string => r !== null && r.trim() !== '');
  const sent = sourceSchoolIds.find((s): s is string => s !== null && SCHOOL_ID_SHAPE.test(s.trim()));
  return {
    school: schoolCodes?.[0] ?? sent?.trim() ?? '',
    roleKind: firstRole === undefined ? '' : roleKindOf(firstRole),
  };
}

function roleKindOf(value: string): RoleKind {
  const role = mapRole(value);
  if (role?.code === PUPIL_CODE) return 'pupil';
  if (role && TEACHER_CODES.has(role.code)) return 'teacher';
  return 'other';
}
