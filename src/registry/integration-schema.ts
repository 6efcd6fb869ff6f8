import { z } from 'zod';
import { attributeMappingSchema } from '../model/attribute-mapping.ts';
import {
  deploymentPhaseSchema,
  httpUrlSchema,
  integrationIdSchema,
  localisedTextSchema,
  organisationOidSchema,
  registryIdSchema,
  statusSchema,
} from './common-schemas.ts';

/** Upstream (home-organisation) integration types (docs/integrations/). */
export const INTEGRATION_TYPES = [
  'test-directory',
  'wilma',
  'entra',
  'adfs',
  'google',
  'opinsys',
  'saml',
  'oidc',
] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** Discovery information (docs/discovery.md `discovery_information`). */
export const discoverySchema = z
  .object({
    displayName: localisedTextSchema.optional(),
    title: localisedTextSchema.optional(),
    logo: z
      .string()
      .regex(/^[a-z0-9-]+\.(png|svg|jpg)$/)
      .optional(),
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

/** Type-specific settings. Secrets are separate, write-only fields (see `secrets`). */
const samlUpstreamSettings = z
  .object({
    metadataUrl: httpUrlSchema.optional(),
    metadataXml: z.string().max(2_000_000).optional(),
    entityId: z.string().max(1024).optional(),
    /** Sign AuthnRequests with Passi's SAML signing key (ADFS `-SignedSamlRequestsRequired`). */
    signAuthnRequests: z.boolean().default(true),
    /** Refuse assertions that arrive unencrypted. Default: true for ADFS, false for the other types. */
    wantEncryptedAssertions: z.boolean().optional(),
    /** Require the Assertion's own signature (default); false accepts a signed Response around it. */
    requireSignedAssertion: z.boolean().default(true),
    /** Require the Response to be signed as well (ADFS `-SamlResponseSignature MessageAndAssertion`). */
    requireSignedResponse: z.boolean().default(false),
    /** Longest interval between metadata refreshes; `cacheDuration`/`validUntil` can shorten it. */
    metadataRefreshHours: z.number().int().min(1).max(168).default(6),
  })
  .strict();

export const integrationSettingsSchema = z.union([
  z.object({ kind: z.literal('test-directory') }).strict(),
  z.object({ kind: z.literal('saml'), ...samlUpstreamSettings.shape }).strict(),
  z
    .object({
      kind: z.literal('wilma'),
      hostname: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name'),
      /** Overrides `https://<hostname>` (tests against a fake Wilma; http only in deploymentPhase test). */
      baseUrl: httpUrlSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('entra'),
      tenantId: z.string().uuid(),
      clientId: z.string().uuid(),
      clientSecretValidUntil: z.iso.date().optional(),
      login: z.enum(['saml', 'oidc']).default('saml'),
      /** Graph property names fetched after an OIDC login (case-sensitive); empty = ID token claims only. */
      graphAttributes: z
        .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,119}$/))
        .max(50)
        .optional(),
      /** Overrides https://login.microsoftonline.com (tests; http only in deploymentPhase test). */
      loginBaseUrl: httpUrlSchema.optional(),
      /** Overrides https://graph.microsoft.com (tests; http only in deploymentPhase test). */
      graphBaseUrl: httpUrlSchema.optional(),
      ...samlUpstreamSettings.shape,
    })
    .strict(),
  z
    .object({
      kind: z.literal('opinsys'),
      organisationDomain: z.string().regex(/^[a-z0-9.-]+$/i),
      /** Puavo REST bind DN for the user fetch (secret `clientKey`); absent = JWT claims only. */
      bindDn: z.string().min(1).max(500).optional(),
      /** Overrides https://api.opinsys.fi (tests; http only in deploymentPhase test). */
      apiBaseUrl: httpUrlSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('oidc'),
      /** Pinned issuer; http only in deploymentPhase test. Secret `clientSecret` (absent = public client). */
      issuer: httpUrlSchema,
      clientId: z.string().min(1).max(200),
      /** Expiry date of the client secret (`secrets.clientSecret`), for warnings before logins stop. */
      clientSecretValidUntil: z.iso.date().optional(),
      /** Scopes besides `openid` (default `profile email`). */
      scopes: z
        .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/))
        .max(20)
        .optional(),
      /** Fetch the userinfo endpoint and merge its claims under the ID token's (default true). */
      userinfo: z.boolean().default(true),
    })
    .strict(),
]);

export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

/**
 * The settings `kind` each integration type needs (docs/registry.md: "`kind` equals the type family"):
 * ADFS and Google Workspace are SAML IdPs (docs/integrations/adfs.md, docs/integrations/google.md), so they share `saml`.
 */
export const SETTINGS_KIND_OF_TYPE = {
  'test-directory': 'test-directory',
  wilma: 'wilma',
  entra: 'entra',
  adfs: 'saml',
  google: 'saml',
  saml: 'saml',
  opinsys: 'opinsys',
  oidc: 'oidc',
} as const satisfies Record<IntegrationType, IntegrationSettings['kind']>;

/** Only the test directory has nothing to configure; every other type must say where the school is. */
const SETTINGS_OPTIONAL: ReadonlySet<string> = new Set<IntegrationType>(['test-directory']);

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
    const s = integration.settings;
    const urls: [string, string | undefined][] =
      s?.kind === 'wilma'
        ? [['baseUrl', s.baseUrl]]
        : s?.kind === 'opinsys'
          ? [['apiBaseUrl', s.apiBaseUrl]]
          : s?.kind === 'oidc'
            ? [['issuer', s.issuer]]
            : s?.kind === 'entra'
              ? [
                  ['loginBaseUrl', s.loginBaseUrl],
                  ['graphBaseUrl', s.graphBaseUrl],
                  ['metadataUrl', s.metadataUrl],
                ]
              : s?.kind === 'saml'
                ? // The metadata carries the keys Passi trusts (docs/integrations/saml.md): over plain
                  // http anyone on the path could replace them and sign assertions for every pupil.
                  [['metadataUrl', s.metadataUrl]]
                : [];
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
