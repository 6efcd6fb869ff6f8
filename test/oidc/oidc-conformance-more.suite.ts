import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.ts';
import type { TestStoreKind } from '../../src/store/testing/test-db.ts';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { authorizeUrl, isRecord, tokenRequest, userinfo } from './oidc-http.ts';
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
} from './oidc-test-kit.ts';

const POST_LOGOUT = 'https://rp.example.org/bye';
/** Claims of the scopes Passi does not offer (OIDC Core §5.4): none may ever be released. */
const UNOFFERED_CLAIMS = [
  'email',
  'email_verified',
  'address',
  'phone_number',
  'phone_number_verified',
] as const;

/**
 * More of the OpenID Foundation conformance modules (https://openid.net/certification/testing/: the basic
 * plan and the RP-initiated logout plan) and RFC 9700 items, each test named after the module or section it
 * mirrors. The rest are in oidc-op.suite.ts. Run on PGlite and on PostgreSQL.
 */
export function defineOidcConformanceMoreSuite(store: TestStoreKind): void {
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
    which: keyof typeof CLIENTS = 'basic',
    extra: Record<string, string> = {},
    browser?: BrowserlessClient,
    username?: string,
  ) => fullLogin(t.baseUrl, jwtKey, which, extra, browser, username);

  /** An authorization request answered without any page (SSO or prompt=none), redeemed and validated. */
  const silentLogin = async (browser: BrowserlessClient, extra: Record<string, string> = {}) => {
    const config = await discoverClient(t.baseUrl, 'basic');
    const req = await authRequest(config, extra);
    const out = await browseUntilRedirectUri(browser, req.url.href);
    if (!out.callback) throw new Error(`a page instead of an answer: ${out.page?.url} ${out.page?.status}`);
    if (!out.callback.searchParams.get('code')) return { callback: out.callback };
    const tokens = await client.authorizationCodeGrant(config, out.callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    return { callback: out.callback, tokens, claims: tokens.claims() };
  };

  /** Whether the browser still has an OP session for the basic client (prompt=none gives a code). */
  const hasSession = async (browser: BrowserlessClient) => {
    const { callback } = await silentLogin(browser, { prompt: 'none' });
    const error = callback.searchParams.get('error');
    if (error && error !== 'login_required') throw new Error(`unexpected ${error}`);
    return callback.searchParams.get('code') !== null;
  };

  describe('basic plan', () => {
    it('oidcc-response-type-missing: invalid_request to the verified redirect URI, with state and iss, no code', async () => {
      const out = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(t.baseUrl, {
          client_id: CLIENTS.basic.clientId,
          scope: 'openid',
          redirect_uri: REDIRECT_URI,
          state: 'st-missing',
          nonce: 'n',
        }),
      );
      const callback = out.callback;
      expect(callback?.origin + (callback?.pathname ?? '')).toBe(REDIRECT_URI);
      expect(callback?.searchParams.get('error')).toBe('invalid_request');
      expect(callback?.searchParams.get('error_description')).toContain('response_type');
      expect(callback?.searchParams.get('state')).toBe('st-missing');
      expect(callback?.searchParams.get('iss')).toBe(t.baseUrl);
      expect(callback?.searchParams.get('code')).toBeNull();
    });

    const unofferedScopes = [
      ['oidcc-scope-email', 'openid email'],
      ['oidcc-scope-address', 'openid address'],
      ['oidcc-scope-phone', 'openid phone'],
    ] as const;
    for (const [module, scope] of unofferedScopes) {
      it(`${module}: the unoffered scope is ignored, the login works, userinfo has only sub`, async () => {
        const { config, tokens, claims } = await login('basic', { scope });
        expect(tokens.scope).toBe('openid');
        for (const name of UNOFFERED_CLAIMS) expect(claims[name], name).toBeUndefined();
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        expect(Object.keys(info)).toEqual(['sub']);
      });
    }

    it('oidcc-scope-all: profile claims are released, email/address/phone are ignored', async () => {
      const { config, tokens, claims } = await login('basic', {
        scope: 'openid profile email address phone',
      });
      expect(tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
      expect(info.family_name).toBe('Oppilas1');
      for (const name of UNOFFERED_CLAIMS) {
        expect(claims[name], name).toBeUndefined();
        expect(info[name], name).toBeUndefined();
      }
    });

    it('oidcc-ensure-other-scope-order-succeeds: "profile openid" works as "openid profile"', async () => {
      const { config, tokens, claims } = await login('basic', { scope: 'profile openid' });
      expect(tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
      // And with an ignored scope in front of openid.
      const other = await login('basic', { scope: 'email profile openid' });
      expect(other.tokens.scope?.split(' ').sort()).toEqual(['openid', 'profile']);
    });

    for (const display of ['page', 'popup'] as const) {
      it(`oidcc-display-${display}: display=${display} is accepted and the login completes`, async () => {
        const config = await discoverClient(t.baseUrl, 'basic');
        const req = await authRequest(config, { display });
        const browser = new BrowserlessClient();
        const first = await browseUntilRedirectUri(browser, req.url.href);
        // The same login page as without display (Passi's pages fit either).
        expect(first.page?.url).toContain('/upstream/test-directory/');
        const done = first.page ? await loginAtTestDirectory(browser, first.page) : {};
        if (!done.callback) throw new Error('no callback');
        const tokens = await client.authorizationCodeGrant(config, done.callback, {
          pkceCodeVerifier: req.verifier,
          expectedState: req.state,
          expectedNonce: req.nonce,
        });
        expect(tokens.claims()?.aud).toBe(CLIENTS.basic.clientId);
      });
    }

    it('oidcc-id-token-hint: prompt=none with the id_token_hint of the live session answers for that user', async () => {
      const first = await login('basic');
      const hinted = await silentLogin(first.browser, {
        prompt: 'none',
        id_token_hint: first.tokens.id_token ?? '',
      });
      expect(hinted.callback.searchParams.get('error')).toBeNull();
      expect(hinted.claims?.sub).toBe(first.claims.sub);
      // The hint of another user in this browser: the session is not theirs, so no silent answer.
      const someoneElse = await login('basic', {}, new BrowserlessClient(), 'demo_u0002');
      expect(someoneElse.claims.sub).not.toBe(first.claims.sub);
      const mismatch = await silentLogin(first.browser, {
        prompt: 'none',
        id_token_hint: someoneElse.tokens.id_token ?? '',
      });
      expect(mismatch.callback.searchParams.get('error')).toBe('login_required');
      expect(mismatch.callback.searchParams.get('code')).toBeNull();
    });

    it('oidcc-login-hint: login_hint is accepted, the user still authenticates at the school', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config, { login_hint: 'demo_u0001' });
      const browser = new BrowserlessClient();
      const first = await browseUntilRedirectUri(browser, req.url.href);
      // A hint is not an authentication: the school's login page is shown.
      expect(first.page?.url).toContain('/upstream/test-directory/');
      const done = first.page ? await loginAtTestDirectory(browser, first.page) : {};
      if (!done.callback) throw new Error('no callback');
      const tokens = await client.authorizationCodeGrant(config, done.callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
      expect(info.given_name).toBe('Testi1');
    });

    it('oidcc-claims-locales: claims_locales is accepted; claims come under their plain names', async () => {
      const { config, tokens, claims } = await login('basic', { claims_locales: 'sv-FI fi en' });
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info.given_name).toBe('Testi1');
      // No language-tagged claim names (OIDC Core §5.2), which claims_locales_supported does not offer.
      expect(Object.keys(info).filter((k) => k.includes('#'))).toEqual([]);
      const meta: Record<string, unknown> = await (
        await fetch(`${t.baseUrl}/.well-known/openid-configuration`)
      ).json();
      expect(meta.claims_locales_supported).toBeUndefined();
    });

    it('oidcc-codereuse-30seconds: a later second redemption fails and revokes the first access token', async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config);
      const callback = await browserLogin(new BrowserlessClient(), req.url);
      const code = callback.searchParams.get('code') ?? '';
      const first = await tokenRequest(t.baseUrl, { code, code_verifier: req.verifier });
      expect(first.status).toBe(200);
      const accessToken = String(first.body.access_token);
      expect((await userinfo(t.baseUrl, accessToken)).status).toBe(200);
      // The module waits 30 s; a short wait past a whole second keeps the test quick (the code lives 60 s,
      // so the second redemption is refused for reuse, not for expiry, either way).
      await new Promise((r) => setTimeout(r, 1500));
      const second = await tokenRequest(t.baseUrl, { code, code_verifier: req.verifier });
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect(second.body.access_token).toBeUndefined();
      const after = await userinfo(t.baseUrl, accessToken);
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('invalid_token');
    });

    it('oidcc-max-age-10000: a recent session is reused without a page; auth_time is the first login', async () => {
      const first = await login('basic', { max_age: '10000' });
      expect(typeof first.claims.auth_time).toBe('number');
      const again = await silentLogin(first.browser, { max_age: '10000' });
      expect(again.claims?.sub).toBe(first.claims.sub);
      expect(again.claims?.auth_time).toBe(first.claims.auth_time);
    });

    it('oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported: rejected as unsupported', async () => {
      const meta: Record<string, unknown> = await (
        await fetch(`${t.baseUrl}/.well-known/openid-configuration`)
      ).json();
      expect(meta.request_parameter_supported).not.toBe(true);
      expect(meta.request_uri_parameter_supported).not.toBe(true);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const params = {
        client_id: CLIENTS.basic.clientId,
        response_type: 'code',
        scope: 'openid profile',
        redirect_uri: REDIRECT_URI,
        state: 'st-ro',
        nonce: 'n-ro',
        acr_values: FIRST_FLOW_ACR,
      };
      const requestObject = `${b64({ alg: 'none' })}.${b64({ ...params, iss: params.client_id, aud: t.baseUrl })}.`;
      const out = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(t.baseUrl, { ...params, request: requestObject }),
      );
      expect(out.callback?.origin + (out.callback?.pathname ?? '')).toBe(REDIRECT_URI);
      expect(out.callback?.searchParams.get('error')).toBe('request_not_supported');
      expect(out.callback?.searchParams.get('state')).toBe('st-ro');
      expect(out.callback?.searchParams.get('code')).toBeNull();
      // request_uri likewise.
      const byRef = await browseUntilRedirectUri(
        new BrowserlessClient(),
        authorizeUrl(t.baseUrl, { ...params, request_uri: 'https://rp.example.org/request.jwt' }),
      );
      expect(byRef.callback?.searchParams.get('error')).toBe('request_uri_not_supported');
      expect(byRef.callback?.searchParams.get('code')).toBeNull();
    });
  });

  describe('RP-initiated logout plan', () => {
    const logoutUrl = (params: Record<string, string>) => {
      const u = new URL(`${t.baseUrl}/idp/profile/oidc/logout`);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return u.href;
    };

    /** Answers Passi's logout confirmation with "log out"; returns the response to that POST. */
    const confirmLogout = async (browser: BrowserlessClient, page: BrowserResponse) => {
      expect(page.status).toBe(200);
      expect(page.body).toContain('op.logoutForm');
      const action = /action="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return browser.post(new URL(action, t.baseUrl).href, { xsrf, logout: 'yes' });
    };

    /** After a confirmed logout without a usable return address: Passi's own "logged out" page. */
    const expectLoggedOutPageAtPassi = async (browser: BrowserlessClient, done: BrowserResponse) => {
      expect(done.status).toBe(303);
      const location = new URL(done.headers.get('location') ?? '', t.baseUrl);
      expect(location.origin).toBe(t.baseUrl);
      expect(location.pathname).toBe('/idp/profile/oidc/logout/success');
      expect(location.searchParams.get('state')).toBeNull();
      const page = await browser.get(location.href);
      expect(page.status).toBe(200);
      expect(page.headers.get('location')).toBeNull();
      expect(page.body).toContain(messages('fi')['logout.title']); // the test browser asks for Finnish
      expect(page.body).not.toContain(POST_LOGOUT);
    };

    /**
     * A refused logout request: never a redirect, and the session lives on. oidc-provider answers JSON to
     * a client that does not ask for HTML (the test browser sends `Accept: *\/*`); a browser, which asks for
     * HTML, gets Passi's localised error page with an error id.
     */
    const expectRefused = async (
      browser: BrowserlessClient,
      url: string,
      description: string,
      notShown: string,
    ) => {
      const res = await browser.get(url);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const body: unknown = JSON.parse(res.body);
      expect(body).toEqual({ error: 'invalid_request', error_description: description });
      const page = await fetch(url, {
        redirect: 'manual',
        headers: { accept: 'text/html', 'accept-language': 'en' },
      });
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      const html = await page.text();
      expect(html).toContain('<html lang="en"');
      expect(html).toMatch(/class="error-id">[0-9a-f-]{36}</);
      expect(html).not.toContain('op.logoutForm');
      expect(html).not.toContain(notShown);
      expect(await hasSession(browser)).toBe(true);
    };

    it('oidcc-rp-initiated-logout-bad-id-token-hint: a hint that is not an ID token is refused at Passi', async () => {
      const { browser } = await login('basic');
      const url = logoutUrl({
        id_token_hint: 'not-an-id-token',
        post_logout_redirect_uri: POST_LOGOUT,
        state: 's-bad',
      });
      await expectRefused(browser, url, 'could not decode id_token_hint', 'not-an-id-token');
    });

    it('oidcc-rp-initiated-logout-modified-id-token-hint: a hint with a broken signature is refused at Passi', async () => {
      const { browser, tokens } = await login('basic');
      const [header = '', payload = '', signature = ''] = (tokens.id_token ?? '').split('.');
      const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!isRecord(claims)) throw new Error('bad ID token');
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
      for (const hint of [
        `${header}.${forged}.${signature}`,
        // alg none with the signature dropped
        `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`,
      ]) {
        const url = logoutUrl({ id_token_hint: hint, post_logout_redirect_uri: POST_LOGOUT, state: 's-mod' });
        await expectRefused(browser, url, 'could not validate id_token_hint', POST_LOGOUT);
      }
    });

    it('oidcc-rp-initiated-logout-no-id-token-hint: without a hint the return address is not used', async () => {
      const { browser } = await login('basic');
      const page = await browser.get(logoutUrl({ post_logout_redirect_uri: POST_LOGOUT, state: 's-nohint' }));
      const done = await confirmLogout(browser, page);
      await expectLoggedOutPageAtPassi(browser, done);
      expect(await hasSession(browser)).toBe(false);
    });

    it('oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri: refused at Passi, never redirected there', async () => {
      const { browser, tokens } = await login('basic');
      const url = logoutUrl({
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: `${POST_LOGOUT}?foo=bar`,
        state: 's-query',
      });
      await expectRefused(browser, url, 'post_logout_redirect_uri not registered', 'foo=bar');
    });

    it('oidcc-rp-initiated-logout-no-post-logout-redirect-uri: logged out at Passi, tokens revoked', async () => {
      const { browser, tokens } = await login('basic');
      expect((await userinfo(t.baseUrl, tokens.access_token)).status).toBe(200);
      const page = await browser.get(logoutUrl({ id_token_hint: tokens.id_token ?? '', state: 's-nouri' }));
      const done = await confirmLogout(browser, page);
      await expectLoggedOutPageAtPassi(browser, done);
      expect(await hasSession(browser)).toBe(false);
      expect((await userinfo(t.baseUrl, tokens.access_token)).status).toBe(401);
    });

    it('oidcc-rp-initiated-logout-no-params: the user is asked, then logged out at Passi', async () => {
      const { browser } = await login('basic');
      const page = await browser.get(logoutUrl({}));
      const done = await confirmLogout(browser, page);
      await expectLoggedOutPageAtPassi(browser, done);
      expect(await hasSession(browser)).toBe(false);
    });

    it('oidcc-rp-initiated-logout-no-state: redirected to the registered address exactly, without state', async () => {
      const { browser, tokens } = await login('basic');
      const page = await browser.get(
        logoutUrl({ id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: POST_LOGOUT }),
      );
      const done = await confirmLogout(browser, page);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(POST_LOGOUT);
      expect(await hasSession(browser)).toBe(false);
    });

    it('oidcc-rp-initiated-logout-only-state: state alone changes nothing; logged out at Passi', async () => {
      const { browser } = await login('basic');
      const page = await browser.get(logoutUrl({ state: 's-only' }));
      const done = await confirmLogout(browser, page);
      await expectLoggedOutPageAtPassi(browser, done);
      expect(await hasSession(browser)).toBe(false);
    });
  });

  describe('RFC 9700', () => {
    const FORGED = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

    it('§4.13: without trustProxy a forged X-Forwarded-Host/Proto moves neither endpoints nor redirects', async () => {
      const res = await fetch(`${t.baseUrl}/.well-known/openid-configuration`, { headers: FORGED });
      const meta: Record<string, unknown> = await res.json();
      expect(meta.issuer).toBe(t.baseUrl);
      for (const key of [
        'authorization_endpoint',
        'token_endpoint',
        'userinfo_endpoint',
        'jwks_uri',
        'end_session_endpoint',
      ])
        expect(String(meta[key]), key).toMatch(new RegExp(`^${t.baseUrl}/`));

      // A whole login with the forged headers on every request: every redirect stays at Passi or goes to
      // the registered redirect URI, and the code comes back with Passi's issuer.
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config);
      const browser = new HeaderBrowser(FORGED);
      const locations: string[] = [];
      let response = await browser.get(req.url.href);
      let callback: URL | undefined;
      for (let hop = 0; hop < 15 && !callback; hop++) {
        const location = response.headers.get('location');
        if (location) {
          locations.push(location);
          // Checked before it is followed: a forged host would otherwise be fetched.
          expect(location).not.toContain('evil.example');
          const next = new URL(location, response.url);
          expect([t.baseUrl, 'https://rp.example.org'], location).toContain(next.origin);
          if (next.href.startsWith('https://rp.example.org/')) callback = next;
          else response = await browser.get(next.href);
        } else if (response.url.includes('/upstream/test-directory/') && response.status === 200) {
          const fields = parseForms(response.body)[0]?.fields ?? {};
          response = await browser.post(response.url, {
            ...fields,
            username: 'demo_u0001',
            password: 'demo_u0001pwd',
          });
        } else throw new Error(`stuck at ${response.url} (${response.status})`);
      }
      // authorize → interaction → school login; login → resume at authorize → the redirect URI.
      expect(locations.length).toBeGreaterThan(2);
      expect(callback?.searchParams.get('iss')).toBe(t.baseUrl);
      const tokens = await client.authorizationCodeGrant(config, callback ?? new URL(REDIRECT_URI), {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      expect(tokens.claims()?.iss).toBe(t.baseUrl);
    });

    describe('§4.13 with trustProxy on (the proxy overwrites X-Forwarded-*)', () => {
      let proxied: TestApp;
      let issuer: string;
      beforeAll(async () => {
        const port = await freePort();
        issuer = `https://localhost:${port}`;
        proxied = await createTestApp({ store, port, config: { publicUrl: issuer, trustProxy: 'true' } });
      });
      afterAll(() => proxied?.close());

      it('X-Forwarded-Proto from the proxy is honoured: endpoints are https only through it', async () => {
        const url = `${proxied.baseUrl}/.well-known/openid-configuration`;
        const viaProxy: Record<string, unknown> = await (
          await fetch(url, { headers: { 'x-forwarded-proto': 'https' } })
        ).json();
        expect(viaProxy.issuer).toBe(issuer);
        expect(viaProxy.authorization_endpoint).toBe(`${issuer}/idp/profile/oidc/authorize`);
        const direct: Record<string, unknown> = await (await fetch(url)).json();
        expect(direct.authorization_endpoint).toBe(`${proxied.baseUrl}/idp/profile/oidc/authorize`);
      });
    });

    it('§2.6: no CORS on the authorization endpoint (only where needed, e.g. userinfo)', async () => {
      const origin = 'https://rp.example.org'; // the origin of the client's own redirect URI
      const params = {
        client_id: CLIENTS.basic.clientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: REDIRECT_URI,
        state: 's',
      };
      const get = await fetch(authorizeUrl(t.baseUrl, params), { redirect: 'manual', headers: { origin } });
      expect(get.status).toBe(303);
      const preflight = await fetch(authorizeUrl(t.baseUrl, params), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      for (const res of [get, preflight]) {
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
        expect(res.headers.get('access-control-allow-methods')).toBeNull();
      }
      // The same preflight at userinfo is answered for that origin: the check above can see CORS headers.
      const userinfoPreflight = await fetch(`${t.baseUrl}/idp/profile/oidc/userinfo`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(userinfoPreflight.headers.get('access-control-allow-origin')).toBe(origin);
    });

    it("§4.16, §4.2: frame-ancestors 'none' and Referrer-Policy: no-referrer on every login response; interaction ≤ 10 min", async () => {
      const config = await discoverClient(t.baseUrl, 'basic');
      const req = await authRequest(config);
      const browser = new BrowserlessClient();
      const seen: { what: string; res: BrowserResponse }[] = [];
      const authorize = await browser.get(req.url.href);
      seen.push({ what: 'authorize redirect', res: authorize });
      expect(authorize.status).toBe(303);
      const interactionUrl = new URL(authorize.headers.get('location') ?? '', t.baseUrl).href;
      expect(interactionUrl).toContain('/idp/profile/oidc/interaction/');
      const interaction = await browser.get(interactionUrl);
      seen.push({ what: 'interaction page', res: interaction });
      const loginPage = await browser.follow(interaction);
      seen.push({ what: 'school login page', res: loginPage });
      expect(loginPage.url).toContain('/upstream/test-directory/');
      let response = await browser.post(loginPage.url, {
        ...parseForms(loginPage.body)[0]?.fields,
        username: 'demo_u0001',
        password: 'demo_u0001pwd',
      });
      // Every hop back to the service, including the one whose Location carries the code.
      for (let hop = 0; hop < 10; hop++) {
        seen.push({ what: `return hop ${hop} ${response.url}`, res: response });
        const location = response.headers.get('location') ?? '';
        if (!location || location.startsWith('https://rp.example.org/')) break;
        response = await browser.get(new URL(location, response.url).href);
      }
      expect(response.headers.get('location') ?? '').toMatch(/^https:\/\/rp\.example\.org\/callback\?code=/);
      for (const { what, res } of seen) {
        expect(res.headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
        expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
      }

      // Interactions live at most 10 minutes (the cookies that carry them too).
      const date = Date.parse(authorize.headers.get('date') ?? '');
      const expiries = authorize.headers
        .getSetCookie()
        .filter((c) => /^passi_oidc_(interaction|resume)=/.test(c))
        .map((c) => Date.parse(/expires=([^;]+)/i.exec(c)?.[1] ?? ''));
      expect(expiries).toHaveLength(2);
      for (const expires of expiries) expect((expires - date) / 1000).toBeLessThanOrEqual(600 + 1);
    });

    it('§2.3, §4.10: access tokens live at most 10 minutes; the ID token audience is exactly the client', async () => {
      for (const which of ['basic', 'jwt'] as const) {
        const config = await discoverClient(t.baseUrl, which, jwtKey);
        const req = await authRequest(config);
        const callback = await browserLogin(new BrowserlessClient(), req.url);
        const tokens = await client.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: req.verifier,
          expectedState: req.state,
          expectedNonce: req.nonce,
        });
        expect(tokens.token_type.toLowerCase()).toBe('bearer');
        expect(tokens.expires_in).toBeGreaterThan(0);
        expect(tokens.expires_in).toBeLessThanOrEqual(600);
        const idToken = decodeJwt(tokens.id_token ?? '');
        expect(idToken.aud, which).toBe(CLIENTS[which].clientId);
        expect(idToken.azp === undefined || idToken.azp === CLIENTS[which].clientId).toBe(true);
        expect((idToken.exp ?? 0) - (idToken.iat ?? 0)).toBeLessThanOrEqual(600);
      }
    });
  });
}

/**
 * A browser that sends extra headers on every request (a client forging X-Forwarded-*), with a cookie jar
 * for one origin and manual redirects.
 */
class HeaderBrowser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly extra: Record<string, string>) {}

  get(url: string): Promise<BrowserResponse> {
    return this.request('GET', url);
  }

  post(url: string, fields: Record<string, string>): Promise<BrowserResponse> {
    return this.request('POST', url, new URLSearchParams(fields).toString());
  }

  private async request(method: string, url: string, body?: string): Promise<BrowserResponse> {
    const headers: Record<string, string> = { ...this.extra, 'accept-language': 'fi' };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=thu, 01 jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, url, headers: res.headers, body: await res.text() };
  }
}
