import { z } from 'zod';

/**
 * Per-integration mapping from the data model's internal names to the school's attribute names
 * (docs/data-model.md "Attribute names per upstream type"). Defaults per upstream type (declared by each
 * connector); an integration overrides any of them.
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

/**
 * MPASSid's attribute names, as ADFS, Google Workspace and generic SAML IdPs send them (the fixed defaults
 * MPASSid provisions for ADFS and Google integrations). Each connector declares its own defaults
 * (src/upstream/<type>/<type>-module.ts, docs/data-model.md "Attribute names per upstream type"); the SAML
 * types use these, others start from them.
 */
export const MPASS_ATTRIBUTE_NAMES: Readonly<AttributeMapping> = Object.freeze({
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
});

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

/** A type's defaults with an integration's override applied. */
export function withOverride(
  defaults: Readonly<AttributeMapping>,
  override: AttributeMappingOverride = {},
): AttributeMapping {
  const mapping = { ...defaults };
  for (const name of INTERNAL_NAMES) {
    const value = override[name];
    if (value !== undefined) mapping[name] = value;
  }
  return mapping;
}
