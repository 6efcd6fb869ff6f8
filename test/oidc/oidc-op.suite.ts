import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { authorizeUrl, tokenRequest, userinfo } from './oidc-http.ts';
import {
  authRequest,
  browserLogin,
  browseUntilRedirectUri,
  CLIENTS,
  discoverClient,
  FIRST_FLOW_ACR,
  fullLogin,
  loginAtTestDirectory,
  oidcTestRegistry,
  REDIRECT_URI,
  SECOND_FLOW,
} from './oidc-test-kit.ts';

const FIRST_FLOW = 'MansikkalaTest';
const UID_CLAIM = 'urn:mpass.id:uid';

/**
 * The OIDC face end to end: openid-client as the relying party against a real Passi
 * over HTTP, logging in through the test directory. Names in brackets are the OpenID Foundation
 * conformance suite's basic-plan modules (https://openid.net/certification/testing/) and the RFC 9700
 * sections each test mirrors.
 */
export function defineOidcOpSuite(store: TestStoreKind): void {
  let t: TestApp;
  let jwtKey: CryptoKey;

  beforeAll(async () => {
    const reg = await oidcTestRegistry();
    jwtKey = reg.jwtKey;
    t = await createTestApp({ store, registry: reg.yaml });
  });
  afterAll(() => t?.close());

  /** Full login with openid-client, returning the validated tokens. */
  const login = (
    which: keyof typeof CLIENTS,
    extra: Record<string, string> = {},
    browser?: BrowserlessClient,
  ) => fullLogin(t.baseUrl, jwtKey, which, extra, browser);

  describe('discovery [oidcc-discovery-endpoint-verification, RFC 9700 §2.6]', () => {
    it('publishes the MPASSid endpoint paths with the issuer = public URL', async () => {
      const res = await fetch(`${t.baseUrl}/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      const meta: Record<string, unknown> = await res.json();
      expect(meta.issuer).toBe(t.baseUrl);
      expect(meta.authorization_endpoint).toBe(`${t.baseUrl}/idp/profile/oidc/authorize`);
      expect(meta.token_endpoint).toBe(`${t.baseUrl}/idp/profile/oidc/token`);
      expect(meta.userinfo_endpoint).toBe(`${t.baseUrl}/idp/profile/oidc/userinfo`);
      expect(meta.jwks_uri).toBe(`${t.baseUrl}/idp/profile/oidc/keyset`);
      expect(meta.end_session_endpoint).toBe(`${t.baseUrl}/idp/profile/oidc/logout`);
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
      const res = await fetch(`${t.baseUrl}/idp/profile/oidc/keyset`);
      const jwks: { keys: Record<string, unknown>[] } = await res.json();
      const algs = jwks.keys.map((k) => k.alg);
      expect(algs).toEqual(expect.arrayContaining(['RS256', 'ES256']));
      const kids = jwks.keys.map((k) => k.kid);
      expect(new Set(kids).size).toBe(kids.length);
      for (const k of jwks.keys) expect(k.d).toBeUndefined();
    });
  });

  describe('code flow with PKCE [oidcc-server, oidcc-ensure-request-with-valid-pkce-succeeds]', () => {
    it('client_secret_basic: validated ID token, acr of the school used, data-model claims at userinfo', async () => {
      const { config, tokens, claims } = await login('basic', {
        acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}`,
      });
      expect(claims.iss).toBe(t.baseUrl);
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
      const keyset = (await (await fetch(`${t.baseUrl}/idp/profile/oidc/keyset`)).json()) as JSONWebKeySet;
      const key = keyset.keys.find((k) => k.kid === header.kid);
      expect(key?.kty).toBe('EC');
      const verified = await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(keyset), {
        issuer: t.baseUrl,
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
      const config = await discoverClient(t.baseUrl, 'basic');
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
        const res = await userinfo(t.baseUrl, tokens.access_token, how);
        expect(res.status, how).toBe(200);
        expect(res.body.given_name, how).toBe('Testi1');
      }
    });
  });

  describe('hints [oidcc-ensure-request-with-acr-values-succeeds, oidcc-ui-locales]', () => {
    it('without acr_values two schools mean the discovery page; acr_values skips it and is the acr returned', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
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
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config, {
        acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}`,
        ui_locales: 'sv-FI en',
      });
      const page = await browseUntilRedirectUri(new BrowserlessClient(), req.url.href);
      expect(page.page?.body).toContain('<html lang="sv"');
    });
  });

  describe('sessions [oidcc-prompt-none-*, oidcc-prompt-login, oidcc-max-age-*]', () => {
    it('prompt=none without a session returns login_required to the redirect URI', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config, { prompt: 'none' });
      const out = await browseUntilRedirectUri(new BrowserlessClient(), req.url.href);
      expect(out.callback?.searchParams.get('error')).toBe('login_required');
      expect(out.callback?.searchParams.get('state')).toBe(req.state);
      expect(out.callback?.searchParams.get('iss')).toBe(t.baseUrl);
    });

    it('prompt=none with a session answers without a page; another service reuses the Passi session', async () => {
      const { browser } = await login('basic');
      const config = await discoverClient(t.baseUrl, 'basic');
      const silent = await authRequest(config, { prompt: 'none' });
      const out = await browseUntilRedirectUri(browser, silent.url.href);
      expect(out.callback?.searchParams.get('code')).toBeTruthy();
      const tokens = await client.authorizationCodeGrant(config, out.callback ?? new URL(REDIRECT_URI), {
        pkceCodeVerifier: silent.verifier,
        expectedState: silent.state,
        expectedNonce: silent.nonce,
      });
      expect(tokens.claims()?.acr).toBe(`urn:mpass.id:authnsource:${FIRST_FLOW}`);
      // SSO: a second service in the same browser gets a code without the school's login page.
      const other = await discoverClient(t.baseUrl, 'post');
      const req = await authRequest(other, { acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}` });
      const sso = await browseUntilRedirectUri(browser, req.url.href);
      expect(sso.callback?.searchParams.get('code')).toBeTruthy();
    });

    it('prompt=login and max_age send the user to the school again; auth_time is returned', async () => {
      const { browser } = await login('basic');
      const config = await discoverClient(t.baseUrl, 'basic');
      const cases: Record<string, string>[] = [{ prompt: 'login' }, { max_age: '1' }];
      for (const extra of cases) {
        // [oidcc-max-age-1] waits after the login so the session is older than max_age (whole seconds).
        if (extra.max_age) await new Promise((r) => setTimeout(r, 2100));
        const req = await authRequest(config, {
          acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}`,
          ...extra,
        });
        const page = await browseUntilRedirectUri(browser, req.url.href);
        expect(page.page?.url, JSON.stringify(extra)).toContain('/upstream/test-directory/');
        const done = page.page ? await loginAtTestDirectory(browser, page.page) : {};
        if (!done.callback) throw new Error('no callback');
        const tokens = await client.authorizationCodeGrant(config, done.callback, {
          pkceCodeVerifier: req.verifier,
          expectedState: req.state,
          expectedNonce: req.nonce,
        });
        expect(typeof tokens.claims()?.auth_time).toBe('number');
      }
    });

    it('a blocked login (no learner id) is access_denied at the redirect URI', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config, { acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}` });
      const browser = new BrowserlessClient();
      const page = await browseUntilRedirectUri(browser, req.url.href);
      const done = page.page ? await loginAtTestDirectory(browser, page.page, 'demo_u0022') : {};
      expect(done.callback?.searchParams.get('error')).toBe('access_denied');
      expect(done.callback?.searchParams.get('code')).toBeNull();
    });

    it('RP-initiated logout to a registered address ends the Passi session too', async () => {
      const { browser, tokens } = await login('basic');
      const logout = new URL(`${t.baseUrl}/idp/profile/oidc/logout`);
      logout.searchParams.set('id_token_hint', tokens.id_token ?? '');
      logout.searchParams.set('post_logout_redirect_uri', 'https://rp.example.org/bye');
      logout.searchParams.set('state', 's1');
      const confirm = await browser.get(logout.href);
      expect(confirm.status).toBe(200);
      expect(confirm.body).toContain('op.logoutForm');
      const action = /action="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
      const done = await browser.post(new URL(action, t.baseUrl).href, { xsrf, logout: 'yes' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('https://rp.example.org/bye?state=s1');
      const config = await discoverClient(t.baseUrl, 'basic');
      const silent = await authRequest(config, { prompt: 'none' });
      const out = await browseUntilRedirectUri(browser, silent.url.href);
      expect(out.callback?.searchParams.get('error')).toBe('login_required');
      // The Passi SSO session is gone as well: the school's login page is shown again.
      const again = await browseUntilRedirectUri(browser, (await authRequest(config)).url.href);
      expect(again.page?.url).toContain('/upstream/test-directory/');
    });

    it('an unregistered post_logout_redirect_uri is refused at Passi', async () => {
      const { browser, tokens } = await login('basic');
      const logout = new URL(`${t.baseUrl}/idp/profile/oidc/logout`);
      logout.searchParams.set('id_token_hint', tokens.id_token ?? '');
      logout.searchParams.set('post_logout_redirect_uri', 'https://evil.example/bye');
      const res = await browser.get(logout.href);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  });

  describe('bad input [oidcc-ensure-registered-redirect-uri, oidcc-codereuse; RFC 9700 §4.1, §4.5, §4.8, §4.11]', () => {
    const nearMisses = [
      ['trailing slash', `${REDIRECT_URI}/`],
      ['case', REDIRECT_URI.replace('callback', 'Callback')],
      ['host case', REDIRECT_URI.replace('rp.example.org', 'RP.example.org')],
      ['extra query', `${REDIRECT_URI}?x=1`],
      ['other port', REDIRECT_URI.replace('rp.example.org', 'rp.example.org:8443')],
      ['http vs https', REDIRECT_URI.replace('https:', 'http:')],
      ['added path', `${REDIRECT_URI}/more`],
      ['fragment', `${REDIRECT_URI}#x`],
      ['userinfo @', REDIRECT_URI.replace('https://', 'https://rp.example.org@')],
      ['other host', 'https://evil.example/callback'],
    ] as const;

    for (const [name, uri] of nearMisses) {
      it(`near-miss redirect URI (${name}) is an error page at Passi, never a redirect`, async () => {
        const res = await fetch(
          authorizeUrl(t.baseUrl, {
            client_id: CLIENTS.basic.clientId,
            response_type: 'code',
            scope: 'openid profile',
            redirect_uri: uri,
            state: 'st',
            ui_locales: 'en',
          }),
          { redirect: 'manual' },
        );
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        const html = await res.text();
        expect(html).toContain('<html lang="en"');
        expect(html).toContain('The return address the service asked for is not registered');
        expect(html).toMatch(/class="error-id">[0-9a-f-]{36}</);
        expect(html).not.toContain(uri);
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      });
    }

    it('an unknown client is a localised error page at Passi', async () => {
      const res = await fetch(
        authorizeUrl(t.baseUrl, {
          client_id: 'no-such-client',
          response_type: 'code',
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
        }),
        { redirect: 'manual', headers: { 'accept-language': 'sv' } },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const html = await res.text();
      expect(html).toContain('<html lang="sv"');
      expect(html).toMatch(/class="error-id">/);
    });

    it('implicit and hybrid response types are refused; the password grant is unsupported [RFC 9700 §2.1.2, §2.4]', async () => {
      for (const responseType of ['token', 'id_token', 'code id_token']) {
        const out = await browseUntilRedirectUri(
          new BrowserlessClient(),
          authorizeUrl(t.baseUrl, {
            client_id: CLIENTS.basic.clientId,
            response_type: responseType,
            scope: 'openid',
            redirect_uri: REDIRECT_URI,
            nonce: 'n',
          }),
        );
        // Errors for fragment response types come in the fragment (OAuth 2.0 Multiple Response Types §5).
        const fragment = new URLSearchParams(out.callback?.hash.slice(1) ?? '');
        const error =
          out.callback?.searchParams.get('error') ??
          fragment.get('error') ??
          (out.page?.status === 400 ? 'page' : `${out.page?.status}`);
        expect(error, responseType).toMatch(/unsupported_response_type|unauthorized_client|page/);
        expect(out.callback?.searchParams.get('access_token') ?? null).toBeNull();
        expect(out.callback?.hash ?? '').not.toContain('access_token');
      }
      const res = await tokenRequest(t.baseUrl, {
        grant_type: 'password',
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('unsupported_grant_type');
    });

    it('code reuse is rejected and revokes the tokens issued from the code [oidcc-codereuse]', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config);
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const code = callback.searchParams.get('code') ?? '';
      const first = await tokenRequest(t.baseUrl, { code, code_verifier: req.verifier });
      expect(first.status).toBe(200);
      const accessToken = String(first.body.access_token);
      expect((await userinfo(t.baseUrl, accessToken)).status).toBe(200);
      const second = await tokenRequest(t.baseUrl, { code, code_verifier: req.verifier });
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect((await userinfo(t.baseUrl, accessToken)).status).toBe(401);
    });

    it('a wrong PKCE verifier and a PKCE downgrade are rejected [RFC 9700 §4.8]', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config);
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const wrong = await tokenRequest(t.baseUrl, {
        code: callback.searchParams.get('code') ?? '',
        code_verifier: client.randomPKCECodeVerifier(),
      });
      expect(wrong.body.error).toBe('invalid_grant');

      // Downgrade: the request had no code_challenge, the token request sends a verifier anyway.
      const url = authorizeUrl(t.baseUrl, {
        client_id: CLIENTS.basic.clientId,
        response_type: 'code',
        scope: 'openid profile',
        redirect_uri: REDIRECT_URI,
        state: 's',
        acr_values: FIRST_FLOW_ACR,
      });
      const cb = await browserLogin(new BrowserlessClient(), new URL(url));
      const downgrade = await tokenRequest(t.baseUrl, {
        code: cb.searchParams.get('code') ?? '',
        code_verifier: client.randomPKCECodeVerifier(),
      });
      expect(downgrade.body.error).toBe('invalid_grant');
    });

    it('a public client must use PKCE, and plain is not accepted [RFC 9700 §2.1.1]', async () => {
      const noPkce = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(t.baseUrl, {
          client_id: CLIENTS.public.clientId,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
        }),
      );
      expect(noPkce.callback?.searchParams.get('error')).toBe('invalid_request');
      const plain = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(t.baseUrl, {
          client_id: CLIENTS.public.clientId,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
          code_challenge: 'a'.repeat(43),
          code_challenge_method: 'plain',
        }),
      );
      expect(plain.callback?.searchParams.get('error')).toBe('invalid_request');
    });

    it('the interaction page without its cookie is an error page, not a login', async () => {
      const res = await fetch(`${t.baseUrl}/idp/profile/oidc/interaction/abc123`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  });

  describe('registry changes apply to the next request', () => {
    it('a new client works at once; a removed redirect URI is refused at once', async () => {
      const service = (redirect: string) =>
        JSON.stringify({
          services: [
            {
              id: 'oidc-late',
              organisationOid: '1.2.246.562.99.00000000099',
              name: { en: 'Late RP' },
              protocol: 'oidc',
              deploymentPhase: 'test',
              serviceSets: ['attribute-test'],
              oidc: { clientId: 'client-late-00001', redirectUris: [redirect] },
              clientSecret: 'late-secret-0123456789abcdef0123456789ab',
            },
          ],
        });
      const params = {
        client_id: 'client-late-00001',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: REDIRECT_URI,
        state: 's',
      };
      const before = await fetch(authorizeUrl(t.baseUrl, params), { redirect: 'manual' });
      expect(before.status).toBe(400);
      await t.importYaml(service(REDIRECT_URI));
      const after = await fetch(authorizeUrl(t.baseUrl, params), { redirect: 'manual' });
      expect(after.status).toBe(303);
      await t.importYaml(service('https://rp.example.org/elsewhere'));
      const changed = await fetch(authorizeUrl(t.baseUrl, params), { redirect: 'manual' });
      expect(changed.status).toBe(400);
    });
  });

  it('ID tokens are signed by a key in the published keyset', async () => {
    const { tokens } = await login('basic');
    const header = decodeProtectedHeader(tokens.id_token ?? '');
    const jwks: { keys: { kid?: string }[] } = await (
      await fetch(`${t.baseUrl}/idp/profile/oidc/keyset`)
    ).json();
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    expect(decodeJwt(tokens.id_token ?? '').iss).toBe(t.baseUrl);
  });
}
