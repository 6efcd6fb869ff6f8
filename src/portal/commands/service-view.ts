import type { ServiceEntry } from '../../registry/registry-snapshot.ts';
import type { Service } from '../../registry/service-schema.ts';
import { type CertificateSummary, certificateSummary } from './certificate-summary.ts';

/** What the portal shows of a service: the registry document without its write-only secrets. */
export interface ServiceView {
  id: string;
  organisationId: string;
  name: { fi?: string | undefined; sv?: string | undefined; en?: string | undefined };
  protocol: 'saml' | 'oidc';
  deploymentPhase: Service['deploymentPhase'];
  status: Service['status'];
  /** Open, or by agreement (docs/registry.md "Services by agreement"). */
  access: Service['access'];
  serviceSets: string[];
  /** null = every attribute (the MPASSid default). */
  releasedAttributes: string[] | null;
  logo: string | null;
  saml: {
    entityId: string;
    acs: { location: string; index: number; isDefault: boolean }[];
    nameIdFormat: 'transient' | 'persistent';
    signingCertificates: number;
    encryptionCertificates: number;
    /** The signing certificates' subjects and expiry, as read from the metadata. */
    signing: CertificateSummary[];
  } | null;
  oidc: {
    clientId: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    tokenEndpointAuthMethod: string;
    /** Whether Passi holds a client secret (never the secret itself). */
    hasSecret: boolean;
    /** Until when the secret before the last rotation still works, when it does. */
    previousSecretExpiresAt: string | null;
  } | null;
}

export function serviceView(entry: ServiceEntry, now: Date): ServiceView {
  const s = entry.service;
  const previousUntil = entry.secrets.previousClientSecretExpiresAt;
  return {
    id: s.id,
    organisationId: s.organisationOid,
    name: s.name,
    protocol: s.protocol,
    deploymentPhase: s.deploymentPhase,
    status: s.status,
    access: s.access,
    serviceSets: [...s.serviceSets],
    releasedAttributes: s.releasedAttributes ? [...s.releasedAttributes] : null,
    logo: s.logo ?? null,
    saml:
      s.protocol === 'saml'
        ? {
            entityId: s.saml.entityId,
            acs: s.saml.acs.map((a) => ({ location: a.location, index: a.index, isDefault: a.isDefault })),
            nameIdFormat: s.saml.nameIdFormat,
            signingCertificates: s.saml.signingCertificates.length,
            encryptionCertificates: s.saml.encryptionCertificates.length,
            signing: s.saml.signingCertificates.map(certificateSummary),
          }
        : null,
    oidc:
      s.protocol === 'oidc'
        ? {
            clientId: s.oidc.clientId,
            redirectUris: [...s.oidc.redirectUris],
            postLogoutRedirectUris: [...s.oidc.postLogoutRedirectUris],
            tokenEndpointAuthMethod: s.oidc.tokenEndpointAuthMethod,
            hasSecret: Boolean(entry.secrets.clientSecret),
            previousSecretExpiresAt:
              previousUntil && Date.parse(previousUntil) > now.getTime() ? previousUntil : null,
          }
        : null,
  };
}
