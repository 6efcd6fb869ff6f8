import { describe, expect, it } from 'vitest';
import { integrationSchema } from '../registry/integration-schema.ts';
import type { IdpMetadataStatus } from '../upstream/saml/idp-metadata-store.ts';
import { formatIntegrationReports, integrationReports } from './integration-report.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

const integration = (doc: Record<string, unknown>) =>
  integrationSchema.parse({ organisationOid: '1.2.246.562.99.00000000001', ...doc });

function status(partial: Partial<IdpMetadataStatus>): IdpMetadataStatus {
  return {
    integrationId: 'x',
    source: 'https://adfs.example.fi/metadata',
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

describe('integration reports (passi integrations)', () => {
  it('shows the values each school configures, per type', async () => {
    const reports = await integrationReports({
      publicUrl: 'https://passi.example.fi/',
      now: NOW,
      metadataStatus: async () => status({ validUntil: days(200), certificatesNotAfter: days(400) }),
      integrations: [
        integration({
          id: '4000001',
          type: 'adfs',
          flowName: 'Kaupunki',
          settings: { kind: 'saml', metadataUrl: 'https://adfs.example.fi/m' },
        }),
        integration({
          id: '4000002',
          type: 'wilma',
          flowName: 'KaupunkiWilma',
          settings: { kind: 'wilma', hostname: 'wilma.example.fi' },
        }),
        integration({
          id: '4000003',
          type: 'oidc',
          flowName: 'Oidc',
          settings: { kind: 'oidc', issuer: 'https://op.example.fi', clientId: 'passi' },
        }),
        integration({
          id: '4000004',
          type: 'opinsys',
          flowName: 'Puavo',
          settings: { kind: 'opinsys', organisationDomain: 'kunta.opinsys.fi' },
        }),
        integration({ id: '4000005', type: 'test-directory', flowName: 'Testi' }),
      ],
    });
    expect(reports.map((r) => r.configure)).toEqual([
      [
        ['SP entity id (relying party identifier)', 'https://passi.example.fi/sp'],
        ['ACS URL (reply URL)', 'https://passi.example.fi/sp/Kaupunki/acs'],
        ['SP metadata', 'https://passi.example.fi/sp/Kaupunki/metadata'],
      ],
      [['Return address (redirectto)', 'https://passi.example.fi/upstream/wilma/KaupunkiWilma/callback']],
      [
        ['Redirect URI', 'https://passi.example.fi/upstream/oidc/Oidc/callback'],
        [
          'Required claims',
          'openid (sub), profile (given_name, family_name), the education claims by the mapping',
        ],
      ],
      [['Return address (return_to)', 'https://passi.example.fi/upstream/opinsys/Puavo/callback']],
      [],
    ]);
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
  });

  it('warns about expiring or expired metadata, certificates and secrets, and failed refreshes', async () => {
    const statuses: Record<string, IdpMetadataStatus | undefined> = {
      '4000011': status({ validUntil: days(10), certificatesNotAfter: days(-1) }),
      '4000012': status({
        validUntil: days(100),
        lastAttemptAt: days(-0.5),
        lastError: 'HTTP 503 from https://adfs.example.fi',
      }),
      '4000013': undefined,
    };
    const reports = await integrationReports({
      publicUrl: 'https://passi.example.fi',
      now: NOW,
      metadataStatus: async (id) => statuses[id],
      integrations: [
        integration({
          id: '4000011',
          type: 'adfs',
          flowName: 'A',
          settings: { kind: 'saml', metadataUrl: 'https://a.example.fi/m' },
        }),
        integration({
          id: '4000012',
          type: 'google',
          flowName: 'B',
          settings: { kind: 'saml', metadataUrl: 'https://b.example.fi/m' },
        }),
        integration({
          id: '4000013',
          type: 'saml',
          flowName: 'C',
          settings: { kind: 'saml', metadataUrl: 'https://c.example.fi/m' },
        }),
        integration({
          id: '4000014',
          type: 'entra',
          flowName: 'D',
          settings: {
            kind: 'entra',
            login: 'oidc',
            tenantId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
            clientId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
            clientSecretValidUntil: '2026-12-05',
          },
        }),
      ],
    });
    const warnings = Object.fromEntries(reports.map((r) => [r.id, r.warnings]));
    expect(warnings['4000011']).toEqual([
      'the IdP metadata (validUntil) expires on 2026-12-08T12:00:00.000Z (in 10 days)',
      "the IdP's signing certificate expired on 2026-11-27T12:00:00.000Z",
    ]);
    expect(warnings['4000012']).toEqual([
      'the last metadata refresh failed (2026-11-28T00:00:00.000Z): HTTP 503 from https://adfs.example.fi',
    ]);
    expect(warnings['4000013']).toEqual(["the school's IdP metadata has not been fetched yet"]);
    expect(warnings['4000014']).toEqual([
      'the Entra client secret expires on 2026-12-05T23:59:59.000Z (in 7 days)',
    ]);
    // Entra over OIDC: the school registers Passi's redirect URI, not SAML values.
    expect(reports[3]?.configure).toEqual([
      ['Redirect URI (web)', 'https://passi.example.fi/upstream/oidc/D/callback'],
      ['Required claims', 'oid, tid (ID token); User.Read.All (Graph, application)'],
    ]);
    const text = formatIntegrationReports(reports);
    expect(text).toContain("  WARNING: the IdP's signing certificate expired on 2026-11-27T12:00:00.000Z");
    expect(text).toContain('4 integrations, 4 with warnings');
  });

  it('warns when a stored client secret has no recorded expiry date (Entra and OIDC)', async () => {
    const entra = (id: string, flowName: string, extra: Record<string, unknown>) =>
      integration({
        id,
        type: 'entra',
        flowName,
        settings: {
          kind: 'entra',
          tenantId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
          clientId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
          ...extra,
        },
      });
    const oidc = (id: string, flowName: string, extra: Record<string, unknown>) =>
      integration({
        id,
        type: 'oidc',
        flowName,
        settings: { kind: 'oidc', issuer: 'https://op.example.fi', clientId: 'passi', ...extra },
      });
    const secrets: Record<string, string[]> = {
      '4000021': ['clientSecret'],
      '4000022': ['clientSecret'],
      '4000024': ['clientSecret'],
      '4000025': ['clientSecret'],
    };
    const reports = await integrationReports({
      publicUrl: 'https://passi.example.fi',
      now: NOW,
      metadataStatus: async () => status({ validUntil: days(200), certificatesNotAfter: days(400) }),
      secretNames: (id) => secrets[id] ?? [],
      integrations: [
        entra('4000021', 'EntraOidc', { login: 'oidc' }),
        entra('4000022', 'EntraDated', { login: 'oidc', clientSecretValidUntil: '2027-06-30' }),
        entra('4000023', 'EntraSamlNoSecret', { login: 'saml' }),
        oidc('4000024', 'OidcConfidential', {}),
        oidc('4000025', 'OidcDated', { clientSecretValidUntil: '2026-12-10' }),
        oidc('4000026', 'OidcPublic', {}),
      ],
    });
    const warnings = Object.fromEntries(reports.map((r) => [r.flowName, r.warnings]));
    const notRecorded =
      "the client secret's expiry date is not recorded (settings.clientSecretValidUntil): Passi cannot warn before logins stop";
    expect(warnings).toEqual({
      EntraOidc: [notRecorded],
      EntraDated: [],
      EntraSamlNoSecret: [],
      OidcConfidential: [notRecorded],
      OidcDated: ['the client secret expires on 2026-12-10T23:59:59.000Z (in 12 days)'],
      OidcPublic: [],
    });
  });

  it('warns for 30 days after a school IdP signing certificate changed at a refresh', async () => {
    const report = async (now: Date) =>
      integrationReports({
        publicUrl: 'https://passi.example.fi',
        now,
        metadataStatus: async () =>
          status({
            validUntil: days(200),
            certificatesNotAfter: days(400),
            fingerprints: ['BB:BB'],
            previousFingerprints: ['AA:AA'],
            certificatesChangedAt: days(-2),
          }),
        integrations: [
          integration({
            id: '4000031',
            type: 'adfs',
            flowName: 'Vaihtunut',
            settings: { kind: 'saml', metadataUrl: 'https://adfs.example.fi/m' },
          }),
        ],
      });
    expect((await report(NOW))[0]?.warnings).toEqual([
      "the IdP's signing certificates changed at a metadata refresh on 2026-11-26T12:00:00.000Z (before: AA:AA; now: BB:BB): make sure the change is the school's",
    ]);
    expect((await report(days(27)))[0]?.warnings).toHaveLength(1);
    expect((await report(days(40)))[0]?.warnings).toEqual([]);
  });
});
