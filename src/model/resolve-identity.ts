import type { ResolutionProblem, ResolvedIdentity } from '../core/resolved-identity.ts';
import type { RawAttributes } from '../core/upstream-identity.ts';
import type { OrgdataLookup } from '../orgdata/orgdata-lookup.ts';
import { type AttributeBag, createAttributeBag } from './attribute-bag.ts';
import { ATTRIBUTE_CATALOGUE } from './attribute-catalogue.ts';
import type { AttributeMapping } from './attribute-mapping.ts';
import { type ComposeContext, composeRoleEntry } from './compose-role-entry.ts';
import { countedAs } from './counted-as.ts';
import { classifyLearnerId } from './learner-id.ts';
import { atLeast, CURRENT_MODEL_VERSION, type ModelVersion } from './model-version.ts';
import { type Positional, pairRoleEntries, type RoleEntry } from './multivalue-rule.ts';
import { ProblemCodes, problem } from './problem-codes.ts';
import { readSourceValues, type SourceValues } from './read-source-values.ts';
import { resolveSchool } from './resolve-school.ts';
import { mapRole } from './role-codes.ts';
import { computeUserId } from './user-id.ts';

export interface ResolveInput {
  integrationId: string;
  flowName: string;
  integrationType: string;
  mapping: AttributeMapping;
  raw: RawAttributes;
  orgdata: OrgdataLookup;
  /** The integration's own organisation(s): schools outside them are a problem, not a release. */
  allowedSchoolOrganisationOids?: readonly string[];
  /** OID of the organisation owning the integration → `originalIssuer` (docs/decisions-data-model.md). */
  homeOrganisationOid?: string;
  modelVersion?: ModelVersion;
}

// What each missing input takes with it.
const SCHOOL_DEPENDENT = [
  'school',
  'schoolInfo',
  'role',
  'educationProviderId',
  'educationProvider',
  'educationProviderInfo',
  'learningMaterialsCharge',
];
const ROLE_DEPENDENT = ['schoolCode', ...SCHOOL_DEPENDENT];

/**
 * The data model as a pure function: raw attributes + mapping + organisation data → the
 * identity to release, plus every rule that dropped or blocked something.
 */
export function resolveIdentity(input: ResolveInput): ResolvedIdentity {
  const problems: ResolutionProblem[] = [];
  const version = input.modelVersion ?? CURRENT_MODEL_VERSION;
  const src = readSourceValues(input.raw, input.mapping, problems);

  // Without the directory's unique id nothing at all is sent.
  if (!src.username) {
    problems.push(problem(ProblemCodes.UID_MISSING, 'error', ['uid'], 'no unique user id: nothing is sent'));
    return { attributes: {}, problems: dedupe(problems), blocked: true };
  }
  const bag = createAttributeBag();
  const uid = computeUserId(input.integrationId, src.username);
  bag.add('uid', uid);
  const blocked = addLearnerId(bag, src, problems);
  addNames(bag, src, problems);
  addSchoolsAndRoles({ bag, problems, version }, src, input);
  if (input.homeOrganisationOid) bag.add('originalIssuer', input.homeOrganisationOid);

  const all = bag.toRecord();
  const attributes: Record<string, string[]> = {};
  for (const entry of ATTRIBUTE_CATALOGUE) {
    const values = all[entry.name];
    if (values && values.length > 0 && atLeast(version, entry.since)) attributes[entry.name] = values;
  }
  return {
    uid,
    attributes,
    problems: dedupe(problems),
    blocked,
    countedAs: countedAs(all.schoolCode, src.schoolIds ?? [], src.roles ?? []),
  };
}

/** Mandatory; missing or malformed blocks the login. Returns whether it blocks. */
function addLearnerId(bag: AttributeBag, src: SourceValues, problems: ResolutionProblem[]): boolean {
  if (!src.learnerId) {
    problems.push(problem(ProblemCodes.LEARNER_ID_MISSING, 'error', ['learnerId'], 'learner id missing'));
    return true;
  }
  if (!classifyLearnerId(src.learnerId)) {
    problems.push(
      problem(
        ProblemCodes.LEARNER_ID_INVALID,
        'error',
        ['learnerId'],
        `learner id "${src.learnerId}" is invalid`,
      ),
    );
    return true;
  }
  bag.add('learnerId', src.learnerId);
  return false;
}

/** Names are not validated; when missing, the rest is sent without them. */
function addNames(bag: AttributeBag, src: SourceValues, problems: ResolutionProblem[]): void {
  if (src.firstName) bag.add('firstName', src.firstName);
  else
    problems.push(problem(ProblemCodes.FIRST_NAME_MISSING, 'warning', ['firstName'], 'given name missing'));
  if (src.surname) bag.add('surname', src.surname);
  else problems.push(problem(ProblemCodes.SURNAME_MISSING, 'warning', ['surname'], 'surname missing'));
  if (src.nickname) bag.add('nickname', src.nickname);
}

function addSchoolsAndRoles(ctx: ComposeContext, src: SourceValues, input: ResolveInput): void {
  const { problems } = ctx;
  const schools = src.schoolIds ?? [];
  const roles = src.roles ?? [];
  const groups = src.groups ?? [];
  const hasSchool = schools.some((s) => s !== null);
  const hasRole = roles.some((r) => r !== null);
  if (!hasSchool) {
    problems.push(problem(ProblemCodes.SCHOOL_MISSING, 'dropped', SCHOOL_DEPENDENT, 'no school code'));
  }
  if (!hasRole) problems.push(problem(ProblemCodes.ROLE_MISSING, 'dropped', ROLE_DEPENDENT, 'no role'));
  if (hasSchool && hasRole) {
    const entries = pairRoleEntries(schools, roles, groups, src.learningMaterialsCharges);
    if (!entries) {
      // Any other combination → none of the multivalued data is sent.
      problems.push(
        problem(
          ProblemCodes.MULTIVALUE_MISMATCH,
          'dropped',
          [...ROLE_DEPENDENT, 'class', 'classLevel'],
          `${schools.length} schools, ${roles.length} roles and ${groups.length} classes do not match`,
        ),
      );
      return;
    }
    for (const entry of entries) addEntry(ctx, entry, input);
  }
  addClass(ctx, groups, src.groupLevels);
}

function addEntry(ctx: ComposeContext, entry: RoleEntry, input: ResolveInput): void {
  const at = `school position ${entry.index + 1}`;
  if (entry.schoolId === null) {
    ctx.problems.push(problem(ProblemCodes.SCHOOL_MISSING, 'dropped', ROLE_DEPENDENT, `${at}: empty`));
    return;
  }
  if (entry.role === null) {
    ctx.problems.push(problem(ProblemCodes.ROLE_MISSING, 'dropped', ROLE_DEPENDENT, `${at}: no role`));
    return;
  }
  const role = mapRole(entry.role);
  if (!role) {
    // Roles outside the code list are skipped entirely for that school.
    const message = `${at}: role "${entry.role}" is not allowed`;
    ctx.problems.push(problem(ProblemCodes.ROLE_UNKNOWN, 'dropped', ROLE_DEPENDENT, message));
    return;
  }
  const result = resolveSchool(entry.schoolId, input.orgdata, input.allowedSchoolOrganisationOids);
  if (!result.ok) {
    const message = `${at}: school "${entry.schoolId}" ${result.reason}`;
    const unknownCode =
      result.code === ProblemCodes.SCHOOL_UNRESOLVED || result.code === ProblemCodes.SCHOOL_INACTIVE;
    // Drops everything but schoolCode for an invalid school; a foreign school is not released at all.
    const keepCode = unknownCode && /^\d{5}$/.test(entry.schoolId);
    ctx.problems.push(problem(result.code, 'dropped', keepCode ? SCHOOL_DEPENDENT : ROLE_DEPENDENT, message));
    if (keepCode) ctx.bag.add('schoolCode', entry.schoolId);
    return;
  }
  composeRoleEntry(ctx, entry, role, result.value);
}

/** Only the first class and class level are released; class level must be an integer. */
function addClass(ctx: ComposeContext, groups: Positional, levels: Positional | undefined): void {
  const group = groups.find((g) => g !== null);
  if (group) ctx.bag.add('class', group);
  const level = levels?.find((l) => l !== null);
  if (!level) return;
  if (/^\d{1,3}$/.test(level)) ctx.bag.add('classLevel', String(Number(level)));
  else {
    ctx.problems.push(
      problem(
        ProblemCodes.CLASS_LEVEL_INVALID,
        'dropped',
        ['classLevel'],
        `class level "${level}" is not an integer`,
      ),
    );
  }
}

function dedupe(problems: ResolutionProblem[]): ResolutionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
