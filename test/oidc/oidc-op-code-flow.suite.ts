import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { userinfo } from './oidc-http.ts';
import { FIRST_FLOW, type OidcOpApp, UID_CLAIM } from './oidc-op-app.ts';
import {
  authRequest,
  browserLogin,
  browseUntilRedirectUri,
  CLIENTS,
  discoverClient,
  FIRST_FLOW_ACR,
  loginAtTestDirectory,
  REDIRECT_URI,
  SECOND_FLOW,
} from './oidc-test-kit.ts';

/** The code flow with PKCE and its hints (acr_values, ui_locales) [oidcc-server, oidcc-ensure-request-with-valid-pkce-succeeds, oidcc-ensure-request-with-acr-values-succeeds, oidcc-ui-locales]. Part of the OIDC face suite (./oidc-op.suite.ts). */
export function defineOidcOpCodeFlow(app: OidcOpApp): void {
  const { login } = app;

  describe('code flow with PKCE [oidcc-server, oidcc-ensure-request-with-valid-pkce-succeeds]', () => {
    it('client_secret_basic: validated ID token, acr of the school used, data-model claims at userinfo', async () => {
      const { config, tokens, claims } = await login('basic', {
        acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}`,
      });
      expect(claims.iss).toBe(app.t.baseUrl);
      expect(claims.aud).toBe(CLIENTS.basic.clientId);
      expect(claims.acr).toBe(`urn:mpass.id:authnsource:${FIRST_FLOW}`);
      // Scope claims go to userinfo (OIDC Core §5.4; conformIdTokenClaims).
      expect(claims.given_name).toBeUndefined();
      const header = decodeProtectedHeader(tokens.id_token ?? '');
      expect(header.alg).toBe('RS256');
      expect(header.kid).toBeTruthy();
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.sub).toBe(claims.sub);
      expect(info.given_name).toBe('Testi1');
      expect(info.family_name).toBe('Oppilas1');
      expect(info[UID_CLAIM]).toMatch(/^MPASSOID\./);
      expect(info['urn:mpass.id:schoolCode']).toEqual(['30076']);
      expect(info['urn:mpass.id:role']).toEqual([
        '1.2.246.562.99.00000000001;30076;9F;Oppilas;1;1.2.246.562.99.00000000002;',
      ]);
      // Both schoolInfo forms and the Mansikkala education provider (docs/data-model.md).
      expect(info['urn:mpass.id:schoolInfo']).toEqual([
        '30076;Mansikkalan testi peruskoulu',
        '1.2.246.562.99.00000000002;Mansikkalan testi peruskoulu',
      ]);
      expect(info['urn:mpass.id:educationProviderInfo']).toEqual([
        '1.2.246.562.99.00000000001;Mansikkalan testikoulutustoimija',
      ]);
      expect(info['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toBe('1.2.246.562.98.10000000001');
      // Pairwise by default (OIDC Core §8.1): sub is not the uid.
      expect(claims.sub).not.toBe(info[UID_CLAIM]);
    });

    it('client_secret_post', async () => {
      const { config, tokens, claims } = await login('post');
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
    });

    it('a client registered for ES256 gets ID tokens signed with the EC key of Passi', async () => {
      const { tokens, claims } = await login('es256');
      const header = decodeProtectedHeader(tokens.id_token ?? '');
      expect(header.alg).toBe('ES256');
      const keyset = (await (
        await fetch(`${app.t.baseUrl}/idp/profile/oidc/keyset`)
      ).json()) as JSONWebKeySet;
      const key = keyset.keys.find((k) => k.kid === header.kid);
      expect(key?.kty).toBe('EC');
      const verified = await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(keyset), {
        issuer: app.t.baseUrl,
        audience: CLIENTS.es256.clientId,
        algorithms: ['ES256'],
      });
      expect(verified.payload.sub).toBe(claims.sub);
    });

    it('private_key_jwt (RFC 7523) with the key registered in the registry', async () => {
      const { config, tokens, claims } = await login('jwt');
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.family_name).toBe('Oppilas1');
    });

    it('public client (none) with PKCE', async () => {
      const { claims } = await login('public');
      expect(claims.aud).toBe(CLIENTS.public.clientId);
    });

    it('subject type public gives the uid; pairwise differs per service and is stable per user', async () => {
      const browser = new BrowserlessClient();
      const a = await login('publicSub', {}, browser);
      const info = await client.fetchUserInfo(a.config, a.tokens.access_token, a.claims.sub);
      expect(a.claims.sub).toBe(info[UID_CLAIM]);
      const b1 = await login('basic', {}, new BrowserlessClient());
      const b2 = await login('basic', {}, new BrowserlessClient());
      const c = await login('post', {}, new BrowserlessClient());
      expect(b1.claims.sub).toBe(b2.claims.sub);
      expect(b1.claims.sub).not.toBe(c.claims.sub);
    });

    it('a request without nonce succeeds for the code flow [oidcc-ensure-request-without-nonce-succeeds-for-code-flow]', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'xyz',
        acr_values: FIRST_FLOW_ACR,
        unknown_param: 'ignored', // [oidcc-ensure-request-with-unknown-parameter-succeeds]
      });
      const callback = await browserLogin(new BrowserlessClient(), url);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: 'xyz',
      });
      expect(tokens.claims()?.nonce).toBeUndefined();
    });

    it('claims requested for the ID token with the claims parameter are in it [oidcc-claims-essential]', async () => {
      const { claims } = await login('basic', {
        claims: JSON.stringify({ id_token: { given_name: { essential: true }, [UID_CLAIM]: null } }),
      });
      expect(claims.given_name).toBe('Testi1');
      expect(claims[UID_CLAIM]).toMatch(/^MPASSOID\./);
    });

    it('userinfo by GET, POST with header, POST with body [oidcc-userinfo-get, -post-header, -post-body]', async () => {
      const { tokens } = await login('basic');
      for (const how of ['get', 'post-header', 'post-body'] as const) {
        const res = await userinfo(app.t.baseUrl, tokens.access_token, how);
        expect(res.status, how).toBe(200);
        expect(res.body.given_name, how).toBe('Testi1');
      }
    });
  });

  describe('hints [oidcc-ensure-request-with-acr-values-succeeds, oidcc-ui-locales]', () => {
    it('without acr_values two schools mean the discovery page; acr_values skips it and is the acr returned', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const plain = await authRequest(config, { acr_values: '' });
      const first = await browseUntilRedirectUri(new BrowserlessClient(), plain.url.href);
      expect(first.page?.url).toContain('/discovery');

      const browser = new BrowserlessClient();
      const hinted = await authRequest(config, { acr_values: `urn:mpass.id:authnsource:${SECOND_FLOW}` });
      const page = await browseUntilRedirectUri(browser, hinted.url.href);
      expect(page.page?.url).toContain(`/upstream/test-directory/${SECOND_FLOW}/login`);
      const done = page.page ? await loginAtTestDirectory(browser, page.page) : {};
      if (!done.callback) throw new Error('no callback');
      const tokens = await client.authorizationCodeGrant(config, done.callback, {
        pkceCodeVerifier: hinted.verifier,
        expectedState: hinted.state,
        expectedNonce: hinted.nonce,
      });
      expect(tokens.claims()?.acr).toBe(`urn:mpass.id:authnsource:${SECOND_FLOW}`);
    });

    it('ui_locales picks the language of the pages', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config, {
        acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}`,
        ui_locales: 'sv-FI en',
      });
      const page = await browseUntilRedirectUri(new BrowserlessClient(), req.url.href);
      expect(page.page?.body).toContain('<html lang="sv"');
    });
  });
}
