import type { DataName } from './attribute-catalogue.ts';
import type { InternalName } from './attribute-mapping.ts';
import { type ProblemCode, ProblemCodes } from './problem-codes.ts';

/**
 * How much the data model needs each field of the school's person registry:
 * - `required`: without it the login is blocked, or no school, role or education provider data is sent
 *   (MPASSid data model 1.4, mpassid-reference §4.1 "Mandatory");
 * - `recommended`: MPASSid's portal asks for it and services expect it, but the rest is still sent;
 * - `optional`: left out when missing, nothing else changes.
 */
export type DataNeed = 'required' | 'recommended' | 'optional';

/** What a login without the field gets (the severity of the problem `resolveIdentity` records). */
export type MissingEffect = 'nothing-sent' | 'login-blocked' | 'dependents-dropped' | 'left-out';

export interface MissingDataRule {
  need: DataNeed;
  /** The data-model attributes this field feeds (docs/data-model.md "Attributes"). */
  feeds: readonly DataName[];
  effect: MissingEffect;
  /** The problem `resolveIdentity` records when the field is missing; none for silently left-out fields. */
  problem?: ProblemCode;
}

const SCHOOL_DATA: readonly DataName[] = [
  'schoolCode',
  'school',
  'schoolInfo',
  'role',
  'educationProviderId',
  'educationProvider',
  'educationProviderInfo',
];

/**
 * The missing-data policy, one row per field of the school's registry (the mapping's internal names). It
 * states what `resolve-identity.ts` does when a field is missing; `missing-data-policy.test.ts` runs the
 * resolver without each field to keep the two equal. The readiness checklist (docs/portal.md) shows it.
 */
export const MISSING_DATA_POLICY: { readonly [N in InternalName]: MissingDataRule } = {
  username: { need: 'required', feeds: ['uid'], effect: 'nothing-sent', problem: ProblemCodes.UID_MISSING },
  firstName: {
    need: 'recommended',
    feeds: ['firstName'],
    effect: 'left-out',
    problem: ProblemCodes.FIRST_NAME_MISSING,
  },
  surname: {
    need: 'recommended',
    feeds: ['surname'],
    effect: 'left-out',
    problem: ProblemCodes.SURNAME_MISSING,
  },
  nickname: { need: 'optional', feeds: ['nickname'], effect: 'left-out' },
  learnerId: {
    need: 'required',
    feeds: ['learnerId'],
    effect: 'login-blocked',
    problem: ProblemCodes.LEARNER_ID_MISSING,
  },
  schoolIds: {
    need: 'required',
    feeds: [...SCHOOL_DATA, 'learningMaterialsCharge'],
    effect: 'dependents-dropped',
    problem: ProblemCodes.SCHOOL_MISSING,
  },
  roles: {
    need: 'required',
    feeds: ['role', 'schoolCode'],
    effect: 'dependents-dropped',
    problem: ProblemCodes.ROLE_MISSING,
  },
  groups: { need: 'recommended', feeds: ['class', 'role'], effect: 'left-out' },
  groupLevels: { need: 'recommended', feeds: ['classLevel'], effect: 'left-out' },
  learningMaterialsCharges: { need: 'optional', feeds: ['learningMaterialsCharge'], effect: 'left-out' },
};
