import type { ResolutionProblem } from '../core/resolved-identity.ts';

/**
 * Every data-model rule that can drop or block something, with a stable code. Codes are API:
 * the attribute test service and the data-quality statistics key on them; messages may change.
 */
export const ProblemCodes = {
  /** No unique directory id → nothing is sent. */
  UID_MISSING: 'UID_MISSING',
  /** Learner id mandatory. */
  LEARNER_ID_MISSING: 'LEARNER_ID_MISSING',
  /** Wrong branch, shape or IBM 7-3-1 check digit. */
  LEARNER_ID_INVALID: 'LEARNER_ID_INVALID',
  /** Test learner id (1.2.246.562.98.*) at a service without `allowTestLearnerId`. */
  LEARNER_ID_TEST_NOT_ALLOWED: 'LEARNER_ID_TEST_NOT_ALLOWED',
  FIRST_NAME_MISSING: 'FIRST_NAME_MISSING',
  SURNAME_MISSING: 'SURNAME_MISSING',
  /** No school id at all. */
  SCHOOL_MISSING: 'SCHOOL_MISSING',
  /** Not a 5-digit code nor an OID, so never looked up. */
  SCHOOL_ID_MALFORMED: 'SCHOOL_ID_MALFORMED',
  /** Unknown to the organisation data. */
  SCHOOL_UNRESOLVED: 'SCHOOL_UNRESOLVED',
  /** Known but not active. */
  SCHOOL_INACTIVE: 'SCHOOL_INACTIVE',
  /** A school outside the integration's own organisation. */
  SCHOOL_NOT_ALLOWED: 'SCHOOL_NOT_ALLOWED',
  /** School has no parent education provider in the organisation data. */
  EDUCATION_PROVIDER_UNRESOLVED: 'EDUCATION_PROVIDER_UNRESOLVED',
  /** No role at all, or none for one school position. */
  ROLE_MISSING: 'ROLE_MISSING',
  /** Role not in the code list → skipped for that school. */
  ROLE_UNKNOWN: 'ROLE_UNKNOWN',
  /** Counts of schools, roles and classes do not fit any accepted combination. */
  MULTIVALUE_MISMATCH: 'MULTIVALUE_MISMATCH',
  /** Charge count neither 1 nor the number of schools. */
  CHARGE_COUNT_MISMATCH: 'CHARGE_COUNT_MISMATCH',
  /** Charge not 0/1. */
  CHARGE_INVALID: 'CHARGE_INVALID',
  /** Class level must be an integer. */
  CLASS_LEVEL_INVALID: 'CLASS_LEVEL_INVALID',
  /** Single-valued source attribute with several different values: the first is used. */
  MULTIPLE_VALUES: 'MULTIPLE_VALUES',
  /** Bad input: a value longer than the limit. */
  VALUE_TOO_LONG: 'VALUE_TOO_LONG',
  /** Bad input: more values than the limit. */
  TOO_MANY_VALUES: 'TOO_MANY_VALUES',
  /** Bad input: control or bidi-override characters were removed. */
  CONTROL_CHARACTERS_REMOVED: 'CONTROL_CHARACTERS_REMOVED',
  /** A composed field would contain the `;` separator. */
  SEPARATOR_IN_VALUE: 'SEPARATOR_IN_VALUE',
} as const;

export type ProblemCode = (typeof ProblemCodes)[keyof typeof ProblemCodes];

export function problem(
  code: ProblemCode,
  severity: ResolutionProblem['severity'],
  attributes: readonly string[],
  message: string,
): ResolutionProblem {
  return { code, severity, attributes: [...attributes], message };
}
