import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { UpstreamIntegration } from '../../core/flow/ports.ts';

/** Integration types Passi logs in over SAML as an SP. */
export const SAML_SP_TYPES = ['adfs', 'google', 'saml', 'entra'] as const;
export type SamlSpType = (typeof SAML_SP_TYPES)[number];

export function isSamlSpType(type: string): type is SamlSpType {
  return (SAML_SP_TYPES as readonly string[]).includes(type);
}

/** Entra's per-tenant federation metadata (https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio, the portal UI's `azureMetadataUrlTemplate`). */
export function entraMetadataUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/FederationMetadata/2007-06/FederationMetadata.xml`;
}

/** The registry's saml/entra settings (src/registry/integration-schema.ts), as the SP reads them. */
const settingsSchema = z.object({
  kind: z.string(),
  metadataUrl: z.string().optional(),
  metadataXml: z.string().optional(),
  entityId: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  login: z.enum(['saml', 'oidc']).optional(),
  signAuthnRequests: z.boolean().default(true),
  wantEncryptedAssertions: z.boolean().optional(),
  requireSignedAssertion: z.boolean().default(true),
  requireSignedResponse: z.boolean().default(false),
  metadataRefreshHours: z.number().int().min(1).max(168).default(6),
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

export function samlSpSettings(integration: Pick<UpstreamIntegration, 'type' | 'settings'>): SamlSpSettings {
  const parsed = settingsSchema.safeParse(integration.settings);
  if (!parsed.success || !['saml', 'entra'].includes(parsed.data.kind)) {
    throw new PassiError(ErrorCodes.CONFIG_INVALID, `integration settings are not SAML settings`, {
      status: 500,
    });
  }
  const s = parsed.data;
  let metadata: MetadataSource | undefined;
  if (s.metadataXml !== undefined && s.metadataXml.trim() !== '')
    metadata = { kind: 'xml', xml: s.metadataXml };
  else if (s.metadataUrl !== undefined) metadata = { kind: 'url', url: s.metadataUrl };
  else if (s.kind === 'entra' && s.tenantId !== undefined)
    metadata = { kind: 'url', url: entraMetadataUrl(s.tenantId) };
  if (metadata === undefined) {
    throw new PassiError(
      ErrorCodes.CONFIG_INVALID,
      'the integration has neither metadataUrl nor metadataXml',
      {
        status: 500,
      },
    );
  }
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
