import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { freePort } from '../support/free-port.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { authorizeUrl } from './oidc-http.ts';
import type { OidcOpApp } from './oidc-op-app.ts';
import { authRequest, browserLogin, CLIENTS, discoverClient, REDIRECT_URI } from './oidc-test-kit.ts';

/** RFC 9700 items (behind a proxy included). Part of the more-conformance suite (./oidc-conformance-more.suite.ts). */
export function defineOidcConformanceRfc9700(app: OidcOpApp): void {
  describe('RFC 9700', () => {
    const FORGED = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

    it('§4.13: without trustProxy a forged X-Forwarded-Host/Proto moves neither endpoints nor redirects', async () => {
      const res = await fetch(`${app.t.baseUrl}/.well-known/openid-configuration`, { headers: FORGED });
      const meta: Record<string, unknown> = await res.json();
      expect(meta.issuer).toBe(app.t.baseUrl);
      for (const key of [
        'authorization_endpoint',
        'token_endpoint',
        'userinfo_endpoint',
        'jwks_uri',
        'end_session_endpoint',
      ])
        expect(String(meta[key]), key).toMatch(new RegExp(`^${app.t.baseUrl}/`));

      // A whole login with the forged headers on every request: every redirect stays at Passi or goes to
      // the registered redirect URI, and the code comes back with Passi's issuer.
      const config = await discoverClient(app.t.baseUrl, 'basic');
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
          expect([app.t.baseUrl, 'https://rp.example.org'], location).toContain(next.origin);
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
      expect(callback?.searchParams.get('iss')).toBe(app.t.baseUrl);
      const tokens = await client.authorizationCodeGrant(config, callback ?? new URL(REDIRECT_URI), {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      expect(tokens.claims()?.iss).toBe(app.t.baseUrl);
    });

    describe('§4.13 with trustProxy on (the proxy overwrites X-Forwarded-*)', () => {
      let proxied: TestApp;
      let issuer: string;
      beforeAll(async () => {
        const port = await freePort();
        issuer = `https://localhost:${port}`;
        proxied = await createTestApp({
          store: app.store,
          port,
          config: { publicUrl: issuer, trustProxy: 'true' },
        });
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
      const get = await fetch(authorizeUrl(app.t.baseUrl, params), {
        redirect: 'manual',
        headers: { origin },
      });
      expect(get.status).toBe(303);
      const preflight = await fetch(authorizeUrl(app.t.baseUrl, params), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      for (const res of [get, preflight]) {
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
        expect(res.headers.get('access-control-allow-methods')).toBeNull();
      }
      // The same preflight at userinfo is answered for that origin: the check above can see CORS headers.
      const userinfoPreflight = await fetch(`${app.t.baseUrl}/idp/profile/oidc/userinfo`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(userinfoPreflight.headers.get('access-control-allow-origin')).toBe(origin);
    });

    it("§4.16, §4.2: frame-ancestors 'none' and Referrer-Policy: no-referrer on every login response; interaction ≤ 10 min", async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config);
      const browser = new BrowserlessClient();
      const seen: { what: string; res: BrowserResponse }[] = [];
      const authorize = await browser.get(req.url.href);
      seen.push({ what: 'authorize redirect', res: authorize });
      expect(authorize.status).toBe(303);
      // The login starts in the authorization endpoint's answer (no interaction page between).
      const loginPage = await browser.follow(authorize);
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
        const config = await discoverClient(app.t.baseUrl, which, app.jwtKey);
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
