import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import type { OidcOpApp } from './oidc-op-app.ts';
import {
  authRequest,
  browserLogin,
  CLIENTS,
  discoverClient,
  loginAtTestDirectory,
  REDIRECT_URI,
} from './oidc-test-kit.ts';

const INTERACTION = '/idp/profile/oidc/interaction/';

/**
 * Where the login starts: in the authorization endpoint's own answer, with no detour through the
 * interaction page (src/downstream/oidc-op/README.md "Interaction"). Part of the OIDC face suite
 * (./oidc-op.suite.ts).
 */
export function defineOidcOpLoginStart(app: OidcOpApp): void {
  describe('the login starts at the authorization endpoint', () => {
    it('sends the browser straight to the school named in acr_values, with the flow and resume cookies', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic', app.jwtKey);
      const req = await authRequest(config);
      const browser = new BrowserlessClient();
      const authorize = await browser.get(req.url.href);
      expect(authorize.status).toBe(303);
      const location = new URL(authorize.headers.get('location') ?? '', authorize.url);
      expect(location.pathname).toMatch(/^\/upstream\/test-directory\/[^/]+\/login$/);
      expect(authorize.headers.get('cache-control')).toBe('no-store');
      // oidc-provider's redirect body is not sent with Passi's answer.
      expect(authorize.body).not.toContain(INTERACTION);
      const cookies = authorize.headers.getSetCookie().map((c) => c.split('=')[0]);
      expect(cookies).toContain('__Host-passi_flow');
      expect(cookies).toContain('passi_oidc_resume');
      expect(cookies).toContain('passi_oidc_interaction');

      // The rest of the login, in the same browser, ends at the client with a code it can redeem.
      const page = await browser.get(location.href);
      const done = await loginAtTestDirectory(browser, page);
      expect(done.callback?.href).toMatch(/^https:\/\/rp\.example\.org\/callback\?code=/);
      expect(done.callback?.searchParams.get('state')).toBe(req.state);
    });

    it('shows the school choice from the authorization endpoint when no school is named', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic', app.jwtKey);
      const req = await authRequest(config, { acr_values: '' });
      const authorize = await new BrowserlessClient().get(req.url.href);
      expect(authorize.status).toBe(303);
      const location = authorize.headers.get('location') ?? '';
      expect(location).not.toContain(INTERACTION);
      expect(new URL(location, authorize.url).pathname).toMatch(/discovery/);
    });

    it('a Passi session answers a second client from the authorization endpoint straight to its resume', async () => {
      const browser = new BrowserlessClient();
      const first = await discoverClient(app.t.baseUrl, 'basic', app.jwtKey);
      await browserLogin(browser, (await authRequest(first)).url);

      const second = await discoverClient(app.t.baseUrl, 'post', app.jwtKey);
      const req = await authRequest(second);
      const authorize = await browser.get(req.url.href);
      expect(authorize.status).toBe(303);
      const resume = new URL(authorize.headers.get('location') ?? '', authorize.url);
      expect(resume.pathname).toMatch(/^\/idp\/profile\/oidc\/authorize\/[\w-]+$/);
      const answer = await browser.get(resume.href);
      const callback = new URL(answer.headers.get('location') ?? '');
      expect(callback.href.startsWith(REDIRECT_URI)).toBe(true);
      expect(callback.searchParams.get('state')).toBe(req.state);
      const tokens = await client.authorizationCodeGrant(second, callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      expect(tokens.claims()?.aud).toBe(CLIENTS.post.clientId);
    });

    it('the interaction page still starts the login for an interaction it is sent to', async () => {
      // What a browser holds across a deployment: an interaction URL from the version before.
      const config = await discoverClient(app.t.baseUrl, 'basic', app.jwtKey);
      const browser = new BrowserlessClient();
      const authorize = await browser.get((await authRequest(config)).url.href);
      const uid = /passi_oidc_resume=([^;]+)/.exec(authorize.headers.getSetCookie().join('\n'))?.[1];
      expect(uid).toBeTruthy();
      const page = await browser.get(new URL(`${INTERACTION}${uid}`, app.t.baseUrl).href);
      expect(page.status).toBe(303);
      expect(new URL(page.headers.get('location') ?? '', page.url).pathname).toMatch(
        /^\/upstream\/test-directory\//,
      );
    });
  });
}
