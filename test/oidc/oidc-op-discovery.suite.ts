import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { FIRST_FLOW, type OidcOpApp, UID_CLAIM } from './oidc-op-app.ts';
import { SECOND_FLOW } from './oidc-test-kit.ts';

/** Discovery and the published keyset [oidcc-discovery-endpoint-verification, RFC 9700 §2.6]. Part of the OIDC face suite (./oidc-op.suite.ts). */
export function defineOidcOpDiscovery(app: OidcOpApp): void {
  const { login } = app;

  describe('discovery [oidcc-discovery-endpoint-verification, RFC 9700 §2.6]', () => {
    it('publishes the MPASSid endpoint paths with the issuer = public URL', async () => {
      const res = await fetch(`${app.t.baseUrl}/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      const meta: Record<string, unknown> = await res.json();
      expect(meta.issuer).toBe(app.t.baseUrl);
      expect(meta.authorization_endpoint).toBe(`${app.t.baseUrl}/idp/profile/oidc/authorize`);
      expect(meta.token_endpoint).toBe(`${app.t.baseUrl}/idp/profile/oidc/token`);
      expect(meta.userinfo_endpoint).toBe(`${app.t.baseUrl}/idp/profile/oidc/userinfo`);
      expect(meta.jwks_uri).toBe(`${app.t.baseUrl}/idp/profile/oidc/keyset`);
      expect(meta.end_session_endpoint).toBe(`${app.t.baseUrl}/idp/profile/oidc/logout`);
      expect(meta.response_types_supported).toEqual(['code']);
      expect(meta.code_challenge_methods_supported).toEqual(['S256']);
      expect(meta.grant_types_supported).not.toContain('implicit');
      expect(meta.grant_types_supported).not.toContain('password');
      expect(meta.registration_endpoint).toBeUndefined();
      expect(meta.authorization_response_iss_parameter_supported).toBe(true);
      expect(meta.subject_types_supported).toEqual(expect.arrayContaining(['public', 'pairwise']));
      expect(meta.acr_values_supported).toEqual(
        expect.arrayContaining([
          `urn:mpass.id:authnsource:${FIRST_FLOW}`,
          `urn:mpass.id:authnsource:${SECOND_FLOW}`,
        ]),
      );
      expect(meta.claims_supported).toEqual(
        expect.arrayContaining(['sub', 'given_name', 'family_name', UID_CLAIM, 'urn:mpass.id:role']),
      );
      expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile']));
      expect(meta.token_endpoint_auth_methods_supported).toEqual(
        expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']),
      );
      expect(meta.ui_locales_supported).toEqual(['fi', 'sv', 'en']);
    });

    it('publishes RS256 and ES256 signing keys with unique kids and no private parts', async () => {
      const res = await fetch(`${app.t.baseUrl}/idp/profile/oidc/keyset`);
      const jwks: { keys: Record<string, unknown>[] } = await res.json();
      const algs = jwks.keys.map((k) => k.alg);
      expect(algs).toEqual(expect.arrayContaining(['RS256', 'ES256']));
      const kids = jwks.keys.map((k) => k.kid);
      expect(new Set(kids).size).toBe(kids.length);
      for (const k of jwks.keys) expect(k.d).toBeUndefined();
    });
  });

  it('ID tokens are signed by a key in the published keyset', async () => {
    const { tokens } = await login('basic');
    const header = decodeProtectedHeader(tokens.id_token ?? '');
    const jwks: { keys: { kid?: string }[] } = await (
      await fetch(`${app.t.baseUrl}/idp/profile/oidc/keyset`)
    ).json();
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    expect(decodeJwt(tokens.id_token ?? '').iss).toBe(app.t.baseUrl);
  });
}
