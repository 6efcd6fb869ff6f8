import { describe, expect, it } from 'vitest';
import { generateKeyAndCertificate } from '../protocols/saml/keys.ts';
import { checkServiceRules } from './check-service-rules.ts';
import { type Service, serviceSchema } from './service-schema.ts';

/** https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service: the rules a schema alone cannot say. Paths are what an operator reads. */
const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 86_400_000;
const AT = 'services[3]';

function samlService(phase: string, saml: Record<string, unknown> = {}): Service {
  return serviceSchema.parse({
    id: 'sp',
    organisationOid: '1.2.246.562.99.00000000010',
    name: { fi: 'Palvelu' },
    protocol: 'saml',
    deploymentPhase: phase,
    serviceSets: ['set'],
    saml: {
      entityId: 'https://sp.example.fi/saml',
      acs: [{ location: 'https://sp.example.fi/acs', index: 0, isDefault: true }],
      authnRequestsSigned: false,
      ...saml,
    },
  });
}

function oidcService(phase: string, oidc: Record<string, unknown> = {}): Service {
  return serviceSchema.parse({
    id: 'rp',
    organisationOid: '1.2.246.562.99.00000000010',
    name: { fi: 'Palvelu' },
    protocol: 'oidc',
    deploymentPhase: phase,
    serviceSets: ['set'],
    oidc: { clientId: 'client-0001', redirectUris: ['https://rp.example.fi/cb'], ...oidc },
  });
}

/** A certificate valid from `fromDays` to `toDays` days around NOW, made by the key store's own generator. */
function certificate(fromDays: number, toDays: number): string {
  return generateKeyAndCertificate({
    type: 'ec-p256',
    commonName: 'sp.example.fi',
    // keys.ts: notBefore = now − 1 min, notAfter = now + validDays.
    now: new Date(NOW.getTime() + fromDays * DAY + 60_000),
    validDays: toDays - fromDays,
  }).certificatePem;
}

const check = (service: Service) => checkServiceRules(service, AT, NOW);

describe('checkServiceRules: addresses (Connecting a service: production https, no localhost, no fragment)', () => {
  const HTTPS = 'must use https in production';
  const LOCAL = 'must not point to localhost in production';
  const FRAGMENT = 'must not contain a fragment (#)';
  const USERINFO = 'must not contain user information (user@)';

  // Every address list the rules cover, each as the service it sits in and the path of its first entry.
  const fields = [
    [
      'SAML ACS',
      (p: string, url: string) => samlService(p, { acs: [{ location: url, index: 0 }] }),
      'saml.acs[0].location',
    ],
    [
      'SAML logout return',
      (p: string, url: string) => samlService(p, { logoutReturnUrls: [url] }),
      'saml.logoutReturnUrls[0]',
    ],
    [
      'OIDC redirect',
      (p: string, url: string) => oidcService(p, { redirectUris: [url] }),
      'oidc.redirectUris[0]',
    ],
    [
      'OIDC post-logout redirect',
      (p: string, url: string) => oidcService(p, { postLogoutRedirectUris: [url] }),
      'oidc.postLogoutRedirectUris[0]',
    ],
  ] as const;

  const cases: [phase: string, url: string, errors: string[]][] = [
    ['production', 'https://sp.example.fi/cb', []],
    ['production', 'http://sp.example.fi/cb', [HTTPS]],
    ['preproduction', 'http://sp.example.fi/cb', [HTTPS]],
    ['test', 'http://sp.example.fi/cb', []],
    ['production', 'https://localhost/cb', [LOCAL]],
    ['production', 'https://app.localhost/cb', [LOCAL]],
    ['production', 'https://127.0.0.1:8443/cb', [LOCAL]],
    ['production', 'https://[::1]/cb', [LOCAL]],
    ['production', 'http://localhost:3000/cb', [HTTPS, LOCAL]],
    ['test', 'http://localhost:3000/cb', []],
    ['test', 'https://sp.example.fi/cb#top', [FRAGMENT]],
    ['test', 'https://sp.example.fi/cb#', [FRAGMENT]],
    ['production', 'https://sp.example.fi/cb#top', [FRAGMENT]],
    ['test', 'https://user@sp.example.fi/cb', [USERINFO]],
    ['production', 'https://user:pw@sp.example.fi/cb', [USERINFO]],
  ];

  describe.each(fields)('%s', (_name, make, field) => {
    it.each(cases)('%s %s', (phase, url, messages) => {
      const { errors, warnings } = check(make(phase, url));
      expect(errors).toEqual(messages.map((message) => ({ path: `${AT}.${field}`, message })));
      expect(warnings).toEqual([]);
    });
  });
});

describe('checkServiceRules: certificates (Connecting a service: expired, not yet valid, valid < 6 months)', () => {
  const cases: [
    name: string,
    from: number,
    to: number,
    kind: 'error' | 'warning' | 'none',
    message: string,
  ][] = [
    ['valid for two years', -30, 730, 'none', ''],
    ['valid for exactly 183 days more', -30, 183, 'none', ''],
    ['expired yesterday', -400, -1, 'error', 'expired on 2026-11-27'],
    ['not valid until next week', 7, 400, 'error', 'not valid before 2026-12-05'],
    ['valid for 100 days more', -30, 100, 'warning', 'valid for less than six months (until 2027-03-08)'],
    ['valid for 182 days more', -30, 182, 'warning', 'valid for less than six months (until 2027-05-29)'],
  ];

  describe.each([
    ['signingCertificates', (pem: string) => ({ signingCertificates: [pem] })],
    ['encryptionCertificates', (pem: string) => ({ encryptionCertificates: [pem] })],
  ] as const)('%s', (field, saml) => {
    it.each(cases)('%s', (_name, from, to, kind, message) => {
      const { errors, warnings } = check(samlService('production', saml(certificate(from, to))));
      const expected = kind === 'none' ? [] : [{ path: `${AT}.saml.${field}[0]`, message }];
      expect(errors).toEqual(kind === 'error' ? expected : []);
      expect(warnings).toEqual(kind === 'warning' ? expected : []);
    });

    it('refuses text that is no certificate', () => {
      const { errors } = check(samlService('test', saml(`MII${'A'.repeat(200)}`)));
      expect(errors).toEqual([
        { path: `${AT}.saml.${field}[0]`, message: 'is not a parseable X.509 certificate' },
      ]);
    });

    it('accepts the bare base64 body SAML metadata carries', () => {
      const body = certificate(-30, 730)
        .replace(/-----[A-Z ]+-----/g, '')
        .replace(/\s+/g, '');
      expect(check(samlService('production', saml(body)))).toEqual({ errors: [], warnings: [] });
    });

    it('names the failing certificate among several', () => {
      const good = certificate(-30, 730);
      const { errors } = check(
        samlService('test', { [field]: [good, certificate(-400, -1)], authnRequestsSigned: false }),
      );
      expect(errors.map((e) => e.path)).toEqual([`${AT}.saml.${field}[1]`]);
    });
  });
});

describe('checkServiceRules: other SAML and OIDC rules', () => {
  it.each([
    [
      'signed AuthnRequests without a signing certificate',
      samlService('test', { authnRequestsSigned: true }),
      'saml.signingCertificates',
      'at least one signing certificate is required when authnRequestsSigned is true',
    ],
    [
      'two ACS with the same index',
      samlService('test', {
        acs: [
          { location: 'https://sp.example.fi/a', index: 1 },
          { location: 'https://sp.example.fi/b', index: 1 },
        ],
      }),
      'saml.acs',
      'ACS indexes must be unique',
    ],
    [
      'two default ACS',
      samlService('test', {
        acs: [
          { location: 'https://sp.example.fi/a', index: 0, isDefault: true },
          { location: 'https://sp.example.fi/b', index: 1, isDefault: true },
        ],
      }),
      'saml.acs',
      'at most one ACS may be the default',
    ],
    [
      'private_key_jwt without keys',
      oidcService('test', { tokenEndpointAuthMethod: 'private_key_jwt' }),
      'oidc.jwks',
      'is required for private_key_jwt',
    ],
  ])('refuses %s', (_name, service, field, message) => {
    expect(check(service)).toEqual({ errors: [{ path: `${AT}.${field}`, message }], warnings: [] });
  });

  it('accepts signed AuthnRequests with a valid signing certificate', () => {
    const service = samlService('production', {
      authnRequestsSigned: true,
      signingCertificates: [certificate(-30, 730)],
    });
    expect(check(service)).toEqual({ errors: [], warnings: [] });
  });
});
