import { describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.ts';
import type { BrowserlessClient, BrowserResponse } from '../support/browserless-client.ts';
import { POST_LOGOUT, silentLogins } from './oidc-conformance-kit.ts';
import { isRecord, userinfo } from './oidc-http.ts';
import type { OidcOpApp } from './oidc-op-app.ts';

/** The RP-initiated logout plan modules. Part of the more-conformance suite (./oidc-conformance-more.suite.ts). */
export function defineOidcConformanceLogout(app: OidcOpApp): void {
  const { login } = app;
  const { hasSession } = silentLogins(app);

  describe('RP-initiated logout plan', () => {
    const logoutUrl = (params: Record<string, string>) => {
      const u = new URL(`${app.t.baseUrl}/idp/profile/oidc/logout`);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return u.href;
    };

    /** Answers Passi's logout confirmation with "log out"; returns the response to that POST. */
    const confirmLogout = async (browser: BrowserlessClient, page: BrowserResponse) => {
      expect(page.status).toBe(200);
      expect(page.body).toContain('op.logoutForm');
      const action = /action="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return browser.post(new URL(action, app.t.baseUrl).href, { xsrf, logout: 'yes' });
    };

    /** After a confirmed logout without a usable return address: Passi's own "logged out" page. */
    const expectLoggedOutPageAtPassi = async (browser: BrowserlessClient, done: BrowserResponse) => {
      expect(done.status).toBe(303);
      const location = new URL(done.headers.get('location') ?? '', app.t.baseUrl);
      expect(location.origin).toBe(app.t.baseUrl);
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
      expect((await userinfo(app.t.baseUrl, tokens.access_token)).status).toBe(200);
      const page = await browser.get(logoutUrl({ id_token_hint: tokens.id_token ?? '', state: 's-nouri' }));
      const done = await confirmLogout(browser, page);
      await expectLoggedOutPageAtPassi(browser, done);
      expect(await hasSession(browser)).toBe(false);
      expect((await userinfo(app.t.baseUrl, tokens.access_token)).status).toBe(401);
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
}
