import { z } from 'zod';
import { INTERNAL_NAMES } from '../../../model/attribute-mapping.ts';
import type { Integration } from '../../../registry/integration-schema.ts';
import type { IntegrationType } from '../../../upstream/index.ts';

/**
 * The integration types the portal's wizard offers (docs/integrations/*.md). Entra ID over OIDC is the
 * registry type `entra` with `settings.login: oidc` (src/upstream/entra/entra-settings.ts); the test
 * directory is for operators' demo registries only.
 */
export const WIZARD_TYPES = [
  'wilma',
  'adfs',
  'entra',
  'entra-oidc',
  'google',
  'opinsys',
  'saml',
  'oidc',
] as const;
export type WizardType = (typeof WIZARD_TYPES)[number];

export function isWizardType(value: string): value is WizardType {
  return (WIZARD_TYPES as readonly string[]).includes(value);
}

/** The registry type a wizard type is stored as. */
export function registryTypeOf(type: WizardType): IntegrationType {
  return type === 'entra-oidc' ? 'entra' : type;
}

/** The wizard type of a stored integration (Entra over OIDC is told apart by its settings). */
export function wizardTypeOf(integration: Pick<Integration, 'type' | 'settings'>): WizardType | undefined {
  if (integration.type === 'entra') {
    const login = 'login' in integration.settings ? integration.settings.login : undefined;
    return login === 'oidc' ? 'entra-oidc' : 'entra';
  }
  return isWizardType(integration.type) ? integration.type : undefined;
}

const text = z.string().max(200);
const localised = z.object({ fi: text.optional(), sv: text.optional(), en: text.optional() }).strict();

/** Discovery information as a form or an API client gives it (docs/discovery.md). */
export const discoveryInputSchema = z
  .object({
    displayName: localised.optional(),
    title: localised.optional(),
    showSchools: z.boolean().optional(),
    schools: z.array(z.string().max(64)).max(5000).optional(),
    excludedSchools: z.array(z.string().max(64)).max(5000).optional(),
    institutionTypes: z.array(z.number().int()).max(20).optional(),
  })
  .strict();

/**
 * What an education provider's main user gives for an integration (pages and API alike): the type's
 * settings without `kind`, write-only secrets, a mapping override, discovery information and the allowed
 * services. The command builds the registry document from it and validates it (integrationSchema plus the
 * live checks of validate-integration.ts).
 */
export const integrationInputSchema = z
  .object({
    flowName: z.string().max(64).optional().describe('Suggested from the organisation when absent.'),
    settings: z
      .record(
        z.string().max(64),
        z.union([z.string().max(2_100_000), z.boolean(), z.number(), z.array(z.string().max(200))]),
      )
      .default({})
      .describe(
        'The type’s settings without `kind` (docs/integrations/<type>.md). On update an absent setting is kept and an empty one cleared.',
      ),
    secrets: z
      .record(z.string().max(64), z.string().max(4000))
      .default({})
      .describe('Write-only secrets; an empty or absent one keeps the stored value.'),
    mapping: z
      .partialRecord(z.enum(INTERNAL_NAMES), z.string().max(256))
      .default({})
      .describe('Attribute names differing from the type’s defaults; empty = default.'),
    discovery: discoveryInputSchema.default({}),
    allowedServices: z
      .array(z.string().max(64))
      .max(1000)
      .default([])
      .describe('Service set or service ids; empty = all services.'),
    status: z.enum(['active', 'inactive']).optional(),
  })
  .strict();
export type IntegrationInput = z.output<typeof integrationInputSchema>;

export const createIntegrationInputSchema = integrationInputSchema
  .extend({ type: z.enum(WIZARD_TYPES) })
  .strict();
export type CreateIntegrationInput = z.output<typeof createIntegrationInputSchema>;

export const updateIntegrationInputSchema = integrationInputSchema
  .extend({
    expectedRevision: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('The revision the change is based on; a newer stored one refuses the change (409).'),
  })
  .strict();
export type UpdateIntegrationInput = z.output<typeof updateIntegrationInputSchema>;
