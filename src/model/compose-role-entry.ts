import { pickText } from '../core/language.ts';
import type { ResolutionProblem } from '../core/resolved-identity.ts';
import type { AttributeBag } from './attribute-bag.ts';
import type { DataName } from './attribute-catalogue.ts';
import { atLeast, type ModelVersion } from './model-version.ts';
import type { RoleEntry } from './multivalue-rule.ts';
import { ProblemCodes, problem } from './problem-codes.ts';
import type { ResolvedSchool } from './resolve-school.ts';
import { type RoleDefinition, STUDENT_ROLE_TEXT } from './role-codes.ts';
import { SEPARATOR } from './split-multivalue.ts';

export interface ComposeContext {
  bag: AttributeBag;
  problems: ResolutionProblem[];
  version: ModelVersion;
}

/**
 * Composes the released values for one school position whose school and role both resolved, in the
 * exact formats of docs/data-model.md "Roles".
 */
export function composeRoleEntry(
  ctx: ComposeContext,
  entry: RoleEntry,
  role: RoleDefinition,
  resolved: ResolvedSchool,
): void {
  const { bag, version } = ctx;
  const { school, office, provider, providerOid } = resolved;
  const code = school.schoolCode;
  const name = pickText(school.names, 'fi');
  const oidForms = atLeast(version, '1.4');

  if (code) bag.add('schoolCode', code);
  if (name) {
    bag.add('school', name);
    if (code) addComposed(ctx, 'schoolInfo', [code, name]);
    if (oidForms) addComposed(ctx, 'schoolInfo', [school.oid, name]);
  }
  // An office adds its own `oid;name` next to its parent school's.
  const officeName = office ? pickText(office.names, 'fi') : '';
  if (office && officeName && oidForms) addComposed(ctx, 'schoolInfo', [office.oid, officeName]);

  if (provider) {
    const providerName = pickText(provider.names, 'fi');
    bag.add('educationProviderId', provider.oid);
    if (providerName) {
      bag.add('educationProvider', providerName);
      addComposed(ctx, 'educationProviderInfo', [provider.oid, providerName]);
    }
  } else {
    ctx.problems.push(
      problem(
        ProblemCodes.EDUCATION_PROVIDER_UNRESOLVED,
        'dropped',
        providerOid
          ? ['educationProvider', 'educationProviderInfo']
          : ['role', 'educationProviderId', 'educationProvider', 'educationProviderInfo'],
        `school ${code ?? school.oid}: education provider ${providerOid ?? '(none)'} not in the organisation data`,
      ),
    );
    if (providerOid) bag.add('educationProviderId', providerOid);
  }

  // Role only when the school has a parent OID; 7 fields from model 1.4, 4 fields before.
  if (providerOid) {
    const base = [providerOid, code ?? '', entry.group ?? '', role.text];
    addComposed(ctx, 'role', oidForms ? [...base, String(role.code), school.oid, office?.oid ?? ''] : base);
  }

  composeCharge(ctx, entry, role, code, school.oid, oidForms);
}

/** Students only, the paired value must be 0 or 1. */
function composeCharge(
  ctx: ComposeContext,
  entry: RoleEntry,
  role: RoleDefinition,
  code: string | undefined,
  schoolOid: string,
  oidForms: boolean,
): void {
  if (role.text !== STUDENT_ROLE_TEXT || entry.charge === undefined) return;
  if (entry.chargeCountMismatch) {
    ctx.problems.push(
      problem(
        ProblemCodes.CHARGE_COUNT_MISMATCH,
        'dropped',
        ['learningMaterialsCharge'],
        'learning materials charges: count is neither 1 nor the number of schools',
      ),
    );
    return;
  }
  if (entry.charge === null) return;
  if (entry.charge !== '0' && entry.charge !== '1') {
    ctx.problems.push(
      problem(
        ProblemCodes.CHARGE_INVALID,
        'dropped',
        ['learningMaterialsCharge'],
        `learning materials charge "${entry.charge}" is not 0 or 1`,
      ),
    );
    return;
  }
  if (code) addComposed(ctx, 'learningMaterialsCharge', [entry.charge, code]);
  if (oidForms) addComposed(ctx, 'learningMaterialsCharge', [entry.charge, schoolOid]);
}

/** No escaping exists, so a field containing `;` would shift every later field: refuse it. */
function addComposed(ctx: ComposeContext, name: DataName, fields: readonly string[]): void {
  if (fields.some((f) => f.includes(SEPARATOR))) {
    ctx.problems.push(
      problem(ProblemCodes.SEPARATOR_IN_VALUE, 'dropped', [name], `${name}: a field contains "${SEPARATOR}"`),
    );
    return;
  }
  ctx.bag.add(name, fields.join(SEPARATOR));
}
