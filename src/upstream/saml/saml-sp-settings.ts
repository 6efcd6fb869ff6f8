import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import { httpUrlSchema } from '../../registry/common-schemas.ts';

/** Entra's per-tenant federation metadata (https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio, the portal UI's `azureMetadataUrlTemplate`). */
export function entraMetadataUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/FederationMetadata/2007-06/FederationMetadata.xml`;
}

/**
 * The SAML IdP settings of an integration: the one schema for them. The registry's `saml` settings (ADFS,
 * Google Workspace, generic SAML; src/upstream/saml/saml-module.ts) are these fields, and Entra ID's
 * settings carry them too (src/upstream/entra/entra-settings.ts).
 */
export const samlIdpFields = {
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
};

/** The registry's settings of the SAML IdP types (`kind: saml`). */
export const samlSettingsSchema = z.object({ kind: z.literal('saml'), ...samlIdpFields }).strict();

/** What the SP reads of a `saml` or `entra` integration's settings (the Entra-only fields are ignored). */
const spSettingsSchema = z.object({
  kind: z.enum(['saml', 'entra']),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  ...samlIdpFields,
});

export type MetadataSource = { kind: 'url'; url: string } | { kind: 'xml'; xml: string };

export interface SamlSpSettings {
  metadata: MetadataSource;
  /** Pinned IdP entity id; from metadata when absent. */
  entityId: string | undefined;
  signAuthnRequests: boolean;
  wantEncryptedAssertions: boolean;
  requireSignedAssertion: boolean;
  requireSignedResponse: boolean;
  metadataRefreshHours: number;
  tenantId: string | undefined;
  clientId: string | undefined;
}

// Every login reads its school's settings several times (the AuthnRequest, the metadata, the answer): parsed
// once per settings object of a registry snapshot (a registry change brings new objects), and frozen because
// the one result is shared.
const parsedSettings = new WeakMap<object, { type: string; settings: SamlSpSettings }>();

export function samlSpSettings(integration: Pick<UpstreamIntegration, 'type' | 'settings'>): SamlSpSettings {
  const key: unknown = integration.settings;
  if (typeof key !== 'object' || key === null) return parseSamlSpSettings(integration);
  const cached = parsedSettings.get(key);
  if (cached?.type === integration.type) return cached.settings;
  const settings = Object.freeze(parseSamlSpSettings(integration));
  Object.freeze(settings.metadata);
  parsedSettings.set(key, { type: integration.type, settings });
  return settings;
}

function parseSamlSpSettings(integration: Pick<UpstreamIntegration, 'type' | 'settings'>): SamlSpSettings {
  const parsed = spSettingsSchema.safeParse(integration.settings);
  if (!parsed.success) fail(ErrorCodes.UPSTREAM_CONFIG_INVALID, 'integration settings are not SAML settings');
  const s = parsed.data;
  let metadata: MetadataSource | undefined;
  if (s.metadataXml !== undefined && s.metadataXml.trim() !== '')
    metadata = { kind: 'xml', xml: s.metadataXml };
  else if (s.metadataUrl !== undefined) metadata = { kind: 'url', url: s.metadataUrl };
  else if (s.kind === 'entra' && s.tenantId !== undefined)
    metadata = { kind: 'url', url: entraMetadataUrl(s.tenantId) };
  if (metadata === undefined)
    fail(ErrorCodes.UPSTREAM_CONFIG_INVALID, 'the integration has neither metadataUrl nor metadataXml');
  return {
    metadata,
    entityId: s.entityId,
    signAuthnRequests: s.signAuthnRequests,
    // ADFS: MPASSid's relying-party trust is created with -EncryptClaims $true (https://wiki.eduuni.fi/display/OPHPALV/ADFS-integraatio).
    wantEncryptedAssertions: s.wantEncryptedAssertions ?? integration.type === 'adfs',
    requireSignedAssertion: s.requireSignedAssertion,
    requireSignedResponse: s.requireSignedResponse,
    metadataRefreshHours: s.metadataRefreshHours,
    tenantId: s.tenantId,
    clientId: s.clientId,
  };
}

/** What identifies the source a stored copy came from (a changed setting invalidates the copy). */
export function metadataSourceKey(source: MetadataSource, digest: (xml: string) => string): string {
  return source.kind === 'url' ? `url:${source.url}` : `xml:${digest(source.xml)}`;
}
