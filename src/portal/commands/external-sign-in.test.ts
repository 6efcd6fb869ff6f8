import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { externalSignInSettings, externalTarget } from './external-sign-in.ts';

const full = {
  mode: 'production',
  portalOidcIssuer: 'https://login.microsoftonline.com/tenant/v2.0',
  portalOidcClientId: 'client',
  portalOidcClientSecret: 'secret',
  portalOidcName: 'Espoo',
  portalOidcBothFactors: false,
};

describe('external sign-in settings (docs/configuration.md PASSI_PORTAL_OIDC_*)', () => {
  it('none without an issuer', () => {
    expect(externalSignInSettings({ mode: 'production', portalOidcBothFactors: false })).toBeUndefined();
  });

  it('all four values, with both factors off unless the operator says so', () => {
    expect(externalSignInSettings(full)).toEqual({
      issuer: full.portalOidcIssuer,
      clientId: 'client',
      clientSecret: 'secret',
      name: 'Espoo',
      bothFactors: false,
    });
  });

  it('an issuer without the client id, secret or name fails at boot', () => {
    for (const missing of ['portalOidcClientId', 'portalOidcClientSecret', 'portalOidcName'] as const) {
      expect(() => externalSignInSettings({ ...full, [missing]: undefined })).toThrow(
        expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }),
      );
    }
  });

  it('production refuses a plain-http issuer; development allows it', () => {
    const http = { ...full, portalOidcIssuer: 'http://127.0.0.1:9000' };
    expect(() => externalSignInSettings(http)).toThrow(
      expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }),
    );
    expect(externalSignInSettings({ ...http, mode: 'development' })?.issuer).toBe('http://127.0.0.1:9000');
  });

  it('asks for openid, email and profile with the callback under the public URL', () => {
    const settings = externalSignInSettings(full);
    if (!settings) throw new Error('settings expected');
    expect(externalTarget(settings, 'https://passi.example.fi/')).toMatchObject({
      redirectUri: 'https://passi.example.fi/portal/sign-in/oidc/callback',
      scopes: ['openid', 'email', 'profile'],
    });
  });
});
