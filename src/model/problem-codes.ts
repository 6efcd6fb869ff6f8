import type { ResolutionProblem } from '../core/resolved-identity.ts';

/**
 * Every data-model rule that can drop or block something, with a stable code. Codes are API:
 * the attribute test service and the data-quality statistics key on them; messages may change.
 */
export const ProblemCodes = {
  /** §3.2: no unique directory id → nothing is sent. */
  UID_MISSING: 'UID_MISSING',
  /** §3.2: learner id mandatory. */
  LEARNER_ID_MISSING: 'LEARNER_ID_MISSING',
  /** §3.4: wrong branch, shape or IBM 7-3-1 check digit. */
  LEARNER_ID_INVALID: 'LEARNER_ID_INVALID',
  /** §3.2: test learner id (1.2.246.562.98.*) at a service without `allowTestLearnerId`. */
  LEARNER_ID_TEST_NOT_ALLOWED: 'LEARNER_ID_TEST_NOT_ALLOWED',
  FIRST_NAME_MISSING: 'FIRST_NAME_MISSING',
  SURNAME_MISSING: 'SURNAME_MISSING',
  /** §3.2: no school id at all. */
  SCHOOL_MISSING: 'SCHOOL_MISSING',
  /** §5.2: not a 5-digit code nor an OID, so never looked up. */
  SCHOOL_ID_MALFORMED: 'SCHOOL_ID_MALFORMED',
  /** §3.2: unknown to the organisation data. */
  SCHOOL_UNRESOLVED: 'SCHOOL_UNRESOLVED',
  /** §3.2/§11: known but not active. */
  SCHOOL_INACTIVE: 'SCHOOL_INACTIVE',
  /** A school outside the integration's own organisation. */
  SCHOOL_NOT_ALLOWED: 'SCHOOL_NOT_ALLOWED',
  /** §3.3: school has no parent education provider in the organisation data. */
  EDUCATION_PROVIDER_UNRESOLVED: 'EDUCATION_PROVIDER_UNRESOLVED',
  /** §3.2: no role at all, or none for one school position. */
  ROLE_MISSING: 'ROLE_MISSING',
  /** §3.4: role not in the code list → skipped for that school. */
  ROLE_UNKNOWN: 'ROLE_UNKNOWN',
  /** §5.1/§5.2: counts of schools, roles and classes do not fit any accepted combination. */
  MULTIVALUE_MISMATCH: 'MULTIVALUE_MISMATCH',
  /** §5.2: charge count neither 1 nor the number of schools. */
  CHARGE_COUNT_MISMATCH: 'CHARGE_COUNT_MISMATCH',
  /** §3.3: charge not 0/1. */
  CHARGE_INVALID: 'CHARGE_INVALID',
  /** §3.2: class level must be an integer. */
  CLASS_LEVEL_INVALID: 'CLASS_LEVEL_INVALID',
  /** Single-valued source attribute with several different values: the first is used. */
  MULTIPLE_VALUES: 'MULTIPLE_VALUES',
  /** Bad input: a value longer than the limit. */
  VALUE_TOO_LONG: 'VALUE_TOO_LONG',
  /** Bad input: more values than the limit. */
  TOO_MANY_VALUES: 'TOO_MANY_VALUES',
  /** Bad input: control or bidi-override characters were removed. */
  CONTROL_CHARACTERS_REMOVED: 'CONTROL_CHARACTERS_REMOVED',
  /** §3.3: a composed field would contain the `;` separator. */
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
