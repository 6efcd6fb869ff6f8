import { z } from 'zod';

/**
 * Per-integration mapping from the data model's internal names to the school's attribute names
 * (docs/data-model.md "Attribute names per upstream type"). Defaults per upstream type; an integration overrides any of them.
 */
export const INTERNAL_NAMES = [
  'username',
  'firstName',
  'surname',
  'nickname',
  'learnerId',
  'schoolIds',
  'roles',
  'groups',
  'groupLevels',
  'learningMaterialsCharges',
] as const;

export type InternalName = (typeof INTERNAL_NAMES)[number];
export type AttributeMapping = Record<InternalName, string>;

export const UPSTREAM_TYPES = [
  'test-directory',
  'adfs',
  'google',
  'entra',
  'wilma',
  'opinsys',
  'saml',
  'oidc',
] as const;
export type UpstreamType = (typeof UPSTREAM_TYPES)[number];

/** The fixed defaults MPASSid provisions for ADFS and Google integrations. */
const ADFS: AttributeMapping = {
  username: 'mpassUserIdentity',
  firstName: 'firstName',
  surname: 'surname',
  nickname: 'nickName',
  learnerId: 'learnerId',
  schoolIds: 'schoolCode',
  roles: 'userRole',
  groups: 'class',
  groupLevels: 'classLevel',
  learningMaterialsCharges: 'learningMaterialsCharge',
};

/**
 * Entra ID: Graph properties for the names Graph has (MPASSid's Azure guide: "e.g. `id`, `givenName`, `surname`"); the
 * education fields live in tenant-specific extension attributes, so their defaults keep the ADFS names and
 * each integration is expected to override them (docs/decisions-data-model.md).
 */
const ENTRA: AttributeMapping = { ...ADFS, username: 'id', firstName: 'givenName', surname: 'surname' };

/** Wilma: the connector emits the ECA REST attribute names (github.com/mpassid/shibboleth-idp-attribute-ecadata). */
const WILMA: AttributeMapping = {
  username: 'username',
  firstName: 'first_name',
  surname: 'last_name',
  nickname: 'nickname',
  learnerId: 'learnerId',
  schoolIds: 'schoolCodes',
  roles: 'schoolRoles',
  groups: 'schoolGroups',
  groupLevels: 'groupLevel',
  learningMaterialsCharges: 'learningMaterialsCharges',
};

/**
 * Opinsys: JWT `id` plus Puavo user fields (docs/integrations/opinsys.md); the connector (upstream/opinsys/opinsys-user.ts) flattens
 * schools into `;` strings and produces every name here — `group_levels` from `year_class`,
 * `learning_materials_charges` from each school's `learning_materials_charge` (docs/integrations/opinsys.md).
 */
const OPINSYS: AttributeMapping = {
  username: 'id',
  firstName: 'first_name',
  surname: 'last_name',
  nickname: 'nickname',
  learnerId: 'learner_id',
  schoolIds: 'school_codes',
  roles: 'roles',
  groups: 'groups',
  groupLevels: 'group_levels',
  learningMaterialsCharges: 'learning_materials_charges',
};

/** Generic OIDC: standard claims where they exist, ADFS names for the education fields. */
const OIDC: AttributeMapping = {
  ...ADFS,
  username: 'sub',
  firstName: 'given_name',
  surname: 'family_name',
  nickname: 'nickname',
};

const DEFAULTS: Record<UpstreamType, AttributeMapping> = {
  'test-directory': ADFS,
  adfs: ADFS,
  google: ADFS,
  entra: ENTRA,
  wilma: WILMA,
  opinsys: OPINSYS,
  saml: ADFS,
  oidc: OIDC,
};

export function defaultMapping(type: UpstreamType): AttributeMapping {
  return { ...DEFAULTS[type] };
}

const attributeName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

/** A partial override of the defaults, as stored in an integration document. */
export const attributeMappingSchema = z
  .object({
    username: attributeName.optional().describe('Directory unique id (objectGUID etc.) → uid'),
    firstName: attributeName.optional().describe('Given name'),
    surname: attributeName.optional().describe('Surname'),
    nickname: attributeName.optional().describe('Calling name (model 1.4)'),
    learnerId: attributeName.optional().describe('National learner id (oppijanumero)'),
    schoolIds: attributeName.optional().describe('School codes or organisation OIDs, `;`-separated'),
    roles: attributeName.optional().describe('Roles, `;`-separated'),
    groups: attributeName.optional().describe('Classes or groups, `;`-separated'),
    groupLevels: attributeName.optional().describe('Class levels'),
    learningMaterialsCharges: attributeName.optional().describe('Learning materials charges 0/1'),
  })
  .strict();

export type AttributeMappingOverride = z.infer<typeof attributeMappingSchema>;

export function effectiveMapping(
  type: UpstreamType,
  override: AttributeMappingOverride = {},
): AttributeMapping {
  const mapping = defaultMapping(type);
  for (const name of INTERNAL_NAMES) {
    const value = override[name];
    if (value !== undefined) mapping[name] = value;
  }
  return mapping;
}
