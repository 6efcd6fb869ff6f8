import { z } from 'zod';
import { attributeMappingSchema } from '../model/attribute-mapping.ts';
import type { ConnectorModule } from '../upstream/connector-module.ts';
import { CONNECTOR_MODULES, CONNECTORS, INTEGRATION_TYPES, type IntegrationType } from '../upstream/index.ts';
import {
  deploymentPhaseSchema,
  integrationIdSchema,
  localisedTextSchema,
  logoNameSchema,
  organisationOidSchema,
  registryIdSchema,
  statusSchema,
} from './common-schemas.ts';

export type { IntegrationType } from '../upstream/index.ts';

/** Discovery information (docs/discovery.md `discovery_information`). */
export const discoverySchema = z
  .object({
    displayName: localisedTextSchema.optional(),
    title: localisedTextSchema.optional(),
    logo: logoNameSchema.optional(),
    /** List the schools (true) or show one entry for the whole integration (false). */
    showSchools: z.boolean().default(true),
    /** School codes or OIDs listed; empty = every school of the organisation with an allowed institution type. */
    schools: z.array(z.string().max(64)).max(5000).default([]),
    excludedSchools: z.array(z.string().max(64)).max(5000).default([]),
    /** Institution types (koodisto `mpassidnsallimatoppilaitostyypit`). */
    institutionTypes: z.array(z.number().int().min(1).max(99)).max(20).default([]),
    /** Tags for `urn:mpass.id:authntag:<tag>` (docs/registry.md). */
    tags: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/))
      .max(20)
      .default([]),
  })
  .strict();

/** One connector module's settings schema; modules of one family (the SAML IdP types) share theirs. */
type ModuleSettingsSchema = (typeof CONNECTORS)[IntegrationType]['settings'];

/**
 * Type-specific settings: the union of the connector modules' settings schemas (src/upstream/index.ts),
 * each `kind` once. Secrets are separate, write-only fields (see `secrets`).
 */
export const integrationSettingsSchema = z.union([
  ...new Set(Object.values(CONNECTORS).map((m): ModuleSettingsSchema => m.settings)),
] as [ModuleSettingsSchema, ...ModuleSettingsSchema[]]);

export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

/** The literal `kind` of a module's settings schema. */
function settingsKind(schema: ModuleSettingsSchema): IntegrationSettings['kind'] {
  const kind = schema.shape.kind.value;
  return kind;
}

/**
 * The settings `kind` each integration type needs (docs/registry.md: "`kind` equals the type family"):
 * ADFS and Google Workspace are SAML IdPs (docs/integrations/adfs.md, docs/integrations/google.md), so they
 * share `saml`. Read from the connector modules.
 */
export const SETTINGS_KIND_OF_TYPE = Object.fromEntries(
  INTEGRATION_TYPES.map((type) => [type, settingsKind(CONNECTORS[type].settings)]),
) as Record<IntegrationType, IntegrationSettings['kind']>;

/** Types with nothing to configure (the test directory); every other type must say where the school is. */
const SETTINGS_OPTIONAL: ReadonlySet<string> = new Set<string>(
  INTEGRATION_TYPES.filter((type) => CONNECTOR_MODULES[type].settingsOptional === true),
);

export const integrationSchema = z
  .object({
    id: integrationIdSchema,
    organisationOid: organisationOidSchema,
    type: z.enum(INTEGRATION_TYPES),
    /** Name of the authentication flow, used in `urn:mpass.id:authnsource:<flowName>` (docs/registry.md). */
    flowName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter; letters, digits, _ and -'),
    deploymentPhase: deploymentPhaseSchema.default('test'),
    status: statusSchema.default('active'),
    /** Type-specific; may be left out only for `test-directory` (then `{ kind: test-directory }`). */
    settings: integrationSettingsSchema.optional(),
    /** Internal name → the school's attribute name; unset names use the type's defaults (docs/data-model.md "Attribute names per upstream type"). */
    mapping: attributeMappingSchema.default({}),
    discovery: discoverySchema.default({
      showSchools: true,
      schools: [],
      excludedSchools: [],
      institutionTypes: [],
      tags: [],
    }),
    /** Service set ids (or service ids) this integration allows; empty = all (docs/registry.md). */
    allowedServices: z.array(registryIdSchema).max(1000).default([]),
    /** A school must belong to this organisation. */
    restrictSchoolsToOrganisation: z.boolean().default(true),
    /** Write-only secrets (Wilma/Opinsys shared secret, Entra/OIDC client secret); stored encrypted. */
    secrets: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), z.string().min(1).max(4000)).optional(),
  })
  .strict()
  .superRefine((integration, ctx) => {
    // A connector is chosen by `type` and reads `settings`: a mismatch would fail only at the first login.
    const expected: string | undefined = SETTINGS_KIND_OF_TYPE[integration.type];
    if (expected === undefined) return; // an unknown type is already reported by the enum
    if (integration.settings === undefined) {
      if (!SETTINGS_OPTIONAL.has(integration.type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['settings'],
          message: `is required for type ${integration.type} (settings: { kind: ${expected}, … })`,
        });
      }
      return;
    }
    const kind: unknown = integration.settings.kind;
    if (kind !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['settings', 'kind'],
        message: `must be ${expected} for type ${integration.type} (got ${String(kind)})`,
      });
    }
  })
  .superRefine((integration, ctx) => {
    // Its accounts and passwords are public (https://wiki.eduuni.fi/display/OPHPALV/Test+accounts+available+for+testing): anyone could log in as its pupils.
    if (integration.type !== 'test-directory' || integration.deploymentPhase === 'test') return;
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: `test-directory (public demo accounts and passwords) is for deploymentPhase test only, not ${integration.deploymentPhase}`,
    });
  })
  .superRefine((integration, ctx) => {
    // Connectors talk to schools over https; plain http (fake servers in tests) only in the test phase.
    if (integration.deploymentPhase === 'test') return;
    const module: ConnectorModule<IntegrationType> = CONNECTOR_MODULES[integration.type];
    const settings = integration.settings;
    // Settings of another kind are already refused above; this type's module names its URL settings.
    const urls =
      settings?.kind === SETTINGS_KIND_OF_TYPE[integration.type] ? (module.httpsOnly?.(settings) ?? []) : [];
    for (const [name, url] of urls) {
      if (url?.startsWith('http:')) {
        ctx.addIssue({
          code: 'custom',
          path: ['settings', name],
          message: 'must be an https URL outside deploymentPhase test',
        });
      }
    }
  })
  // Runs only on a valid entry, where settings can be absent only for test-directory.
  .transform(({ settings, ...rest }) => ({
    ...rest,
    settings: settings ?? { kind: 'test-directory' as const },
  }));

export type Integration = z.infer<typeof integrationSchema>;
