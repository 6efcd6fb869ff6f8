import { describe, expect, it } from 'vitest';
import type { ServiceEntry } from '../../registry/registry-snapshot.ts';
import { serviceSchema } from '../../registry/service-schema.ts';
import { loginRequestFromParams } from './login-request-from-params.ts';
import { grantedScope, requestedClaimNames } from './oidc-claims.ts';
import { oidcTtl } from './oidc-ttl.ts';
import { pairwiseSubject } from './pairwise-subject.ts';
import { oidcCookies } from './provider-configuration.ts';
import { clientMetadata } from './registry-clients.ts';

describe('loginRequestFromParams', () => {
  it('maps acr_values, ui_locales, prompt and max_age (urn:mpass.id:authnsource, docs/architecture.md "The login, as data flowing through the house"; OIDC Core §3.1.2.1)', () => {
    const r = loginRequestFromParams(
      {
        acr_values: 'urn:mpass.id:authnsource:A urn:mpass.id:authntag:primarySchool urn:other',
        ui_locales: 'de sv-FI fi',
        prompt: 'login consent',
      },
      'svc',
      'uid1',
    );
    expect(r).toEqual({
      face: 'oidc',
      serviceId: 'svc',
      language: 'sv',
      forceAuthn: true,
      isPassive: false,
      authnSources: ['A'],
      authnTags: ['primarySchool'],
      faceState: { uid: 'uid1' },
    });
    expect(loginRequestFromParams({ max_age: 0 }, 's', 'u').forceAuthn).toBe(true);
    expect(loginRequestFromParams({ prompt: 'none' }, 's', 'u')).toMatchObject({
      isPassive: true,
      forceAuthn: false,
    });
    expect(loginRequestFromParams({}, 's', 'u').language).toBeUndefined();
  });
});

describe('pairwiseSubject', () => {
  const secret = Buffer.alloc(32, 7);
  it('is stable per (sector, uid), differs across sectors and cannot be made to collide by moving characters', () => {
    expect(pairwiseSubject(secret, 's1', 'u')).toBe(pairwiseSubject(secret, 's1', 'u'));
    expect(pairwiseSubject(secret, 's1', 'u')).not.toBe(pairwiseSubject(secret, 's2', 'u'));
    expect(pairwiseSubject(secret, 'ab', 'c')).not.toBe(pairwiseSubject(secret, 'a', 'bc'));
    expect(pairwiseSubject(Buffer.alloc(32, 8), 's1', 'u')).not.toBe(pairwiseSubject(secret, 's1', 'u'));
    expect(pairwiseSubject(secret, 's1', 'u')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('claims helpers', () => {
  it('grants only offered scopes and reads claim names from the claims parameter', () => {
    expect(grantedScope('openid email profile offline_access')).toBe('openid profile');
    expect(
      requestedClaimNames(
        JSON.stringify({
          id_token: { given_name: null },
          userinfo: { 'urn:mpass.id:uid': { essential: true } },
        }),
      ),
    ).toEqual(['urn:mpass.id:uid', 'given_name']);
    expect(requestedClaimNames('not json')).toEqual([]);
  });
});

describe('oidcTtl', () => {
  it('sets every lifetime; codes at most 60 s, access tokens and interactions at most 10 min', () => {
    const ttl = oidcTtl({ flowTtlSeconds: 900, sessionTtlSeconds: 0 });
    expect(ttl.AuthorizationCode).toBeLessThanOrEqual(60);
    expect(ttl.AccessToken).toBeLessThanOrEqual(600);
    expect(ttl.IdToken).toBeLessThanOrEqual(600);
    // Interactions ≤ 10 min, whatever the flow TTL; a shorter flow TTL wins.
    expect(ttl.Interaction).toBe(600);
    expect(oidcTtl({ flowTtlSeconds: 300, sessionTtlSeconds: 0 }).Interaction).toBe(300);
    for (const value of Object.values(ttl)) expect(value).toBeGreaterThan(0);
    expect(ttl.Grant).toBeGreaterThan(ttl.Session);
  });
});

describe('clientMetadata', () => {
  const entry = (
    oidc: Record<string, unknown>,
    secrets: Record<string, string> = {},
    status = 'active',
  ): ServiceEntry => ({
    service: serviceSchema.parse({
      id: 'svc',
      organisationOid: '1.2.246.562.99.00000000099',
      name: { fi: 'Palvelu' },
      protocol: 'oidc',
      status,
      serviceSets: ['set'],
      oidc: { clientId: 'client-0001', redirectUris: ['https://rp.example/cb'], ...oidc },
    }),
    secrets,
  });

  it('offers the code flow only, with the registry auth method and secret', () => {
    expect(clientMetadata(entry({}, { clientSecret: 'x'.repeat(40) }))).toMatchObject({
      client_id: 'client-0001',
      client_secret: 'x'.repeat(40),
      token_endpoint_auth_method: 'client_secret_basic',
      response_types: ['code'],
      grant_types: ['authorization_code'],
      subject_type: 'pairwise',
      redirect_uris: ['https://rp.example/cb'],
    });
    expect(clientMetadata(entry({ tokenEndpointAuthMethod: 'none' }))?.client_secret).toBeUndefined();
  });

  it('is absent for inactive services and for secret methods without a secret', () => {
    expect(clientMetadata(entry({}))).toBeUndefined();
    expect(clientMetadata(entry({ tokenEndpointAuthMethod: 'none' }, {}, 'inactive'))).toBeUndefined();
    expect(clientMetadata(undefined)).toBeUndefined();
  });
});

describe('oidcCookies', () => {
  it('uses __Host- names, Secure and Path=/ only when served over https through the trusted proxy', () => {
    const secure = oidcCookies(['k'], true);
    expect(secure.names).toEqual({
      session: '__Host-passi_oidc_session',
      interaction: '__Host-passi_oidc_interaction',
      resume: 'passi_oidc_resume',
    });
    expect(secure.long).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
    // Plain http (development on localhost): a __Host- cookie without Secure would be dropped by browsers.
    const plain = oidcCookies(['k'], false);
    expect(plain.names.session).toBe('passi_oidc_session');
    expect(plain.long).toEqual({ httpOnly: true, sameSite: 'lax' });
  });
});
