import { describe, expect, it } from 'vitest';
import { generateKeyAndCertificate } from '../../protocols/saml/keys.ts';
import { integrationSchema } from '../../registry/integration-schema.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import type { IdpMetadataStatus } from '../../upstream/saml/idp-metadata-store.ts';
import { certificateNotAfter, healthItems } from './health-items.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const ORG = '1.2.246.562.99.00000000001';

const saml = integrationSchema.parse({
  id: '4000011',
  organisationOid: ORG,
  type: 'adfs',
  flowName: 'Kaupunki',
  settings: { kind: 'saml', metadataUrl: 'https://adfs.example.fi/m' },
});
const wilma = integrationSchema.parse({
  id: '4000012',
  organisationOid: ORG,
  type: 'wilma',
  flowName: 'Wilma',
  settings: { kind: 'wilma', hostname: 'wilma.example.fi' },
});
const oidc = (validUntil: string) =>
  integrationSchema.parse({
    id: '4000013',
    organisationOid: ORG,
    type: 'oidc',
    flowName: 'Oidc',
    settings: {
      kind: 'oidc',
      issuer: 'https://op.example.fi',
      clientId: 'passi',
      clientSecretValidUntil: validUntil,
    },
  });
const service = (certificate: string) =>
  serviceSchema.parse({
    id: 'svc',
    organisationOid: '1.2.246.562.99.00000000002',
    name: { fi: 'Palvelu' },
    protocol: 'saml',
    deploymentPhase: 'test',
    serviceSets: ['set'],
    saml: {
      entityId: 'https://svc.example/saml',
      acs: [{ location: 'https://svc.example/acs', index: 0, isDefault: true }],
      signingCertificates: [certificate],
    },
  });

function status(partial: Partial<IdpMetadataStatus>): IdpMetadataStatus {
  return {
    integrationId: '4000011',
    source: 'https://adfs.example.fi/m',
    entityId: 'https://adfs.example.fi/adfs/services/trust',
    fingerprints: [],
    validUntil: undefined,
    certificatesNotAfter: undefined,
    fetchedAt: NOW,
    refreshAfter: days(1),
    lastAttemptAt: undefined,
    lastError: undefined,
    certificatesChangedAt: undefined,
    previousFingerprints: undefined,
    ...partial,
  };
}

describe('health items (Needs attention)', () => {
  it('reports metadata, certificates and client secrets within 30 days, failed refreshes; not later ones', async () => {
    const cert = generateKeyAndCertificate({ commonName: 'svc', validDays: 5, now: NOW }).certificatePem;
    const items = await healthItems({
      now: NOW,
      integrations: [saml, wilma, oidc('2026-12-10')],
      services: [service(cert)],
      metadataStatus: async () =>
        status({ validUntil: days(20), certificatesNotAfter: days(400), lastError: 'HTTP 500' }),
    });
    expect(items.map((i) => [i.entity.id, i.problem, i.daysLeft, i.detail])).toEqual([
      ['4000011', 'metadata-refresh-failed', undefined, 'HTTP 500'],
      ['svc', 'service-certificate-expiry', 5, undefined],
      ['4000013', 'client-secret-expiry', 12, undefined],
      ['4000011', 'idp-metadata-expiry', 20, undefined],
    ]);
    const later = await healthItems({
      now: NOW,
      integrations: [oidc('2027-06-30')],
      services: [
        service(generateKeyAndCertificate({ commonName: 'svc', validDays: 60, now: NOW }).certificatePem),
      ],
      metadataStatus: async () => undefined,
    });
    expect(later).toEqual([]);
  });

  it('reports missing metadata and, once test results are known, integrations never tested', async () => {
    const unknown = await healthItems({
      now: NOW,
      integrations: [wilma],
      services: [],
      metadataStatus: async () => undefined,
    });
    expect(unknown).toEqual([]);
    const items = await healthItems({
      now: NOW,
      integrations: [saml, wilma],
      services: [],
      metadataStatus: async () => undefined,
      testLogins: { lastPassedTestAt: async (id) => (id === '4000012' ? days(-3) : undefined) },
    });
    expect(items.map((i) => [i.entity.id, i.problem])).toEqual([
      ['4000011', 'metadata-not-fetched'],
      ['4000011', 'never-tested'],
    ]);
  });

  it('reads a certificate’s notAfter from PEM and from bare base64; garbage gives nothing', () => {
    const pem = generateKeyAndCertificate({ commonName: 'x', validDays: 10, now: NOW }).certificatePem;
    const bare = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(certificateNotAfter(pem)?.toISOString().slice(0, 10)).toBe('2026-12-08');
    expect(certificateNotAfter(bare)).toEqual(certificateNotAfter(pem));
    expect(certificateNotAfter('not a certificate')).toBeUndefined();
  });
});
