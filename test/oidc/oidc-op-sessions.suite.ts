import * as client from 'openid-client';
import { describe, expect, it, vi } from 'vitest';
import { OidcArtifactAdapter } from '../../src/store/state/oidc-adapter.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { FIRST_FLOW, type OidcOpApp } from './oidc-op-app.ts';
import {
  authRequest,
  browserLogin,
  browseUntilRedirectUri,
  discoverClient,
  loginAtTestDirectory,
  REDIRECT_URI,
} from './oidc-test-kit.ts';

/** Sessions: prompt=none, prompt=login, max_age [oidcc-prompt-none-*, oidcc-prompt-login, oidcc-max-age-*]. Part of the OIDC face suite (./oidc-op.suite.ts). */
export function defineOidcOpSessions(app: OidcOpApp): void {
  const { login } = app;

  describe('sessions [oidcc-prompt-none-*, oidcc-prompt-login, oidcc-max-age-*]', () => {
    it('prompt=none without a session returns login_required to the redirect URI', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config, { prompt: 'none' });
      const out = await browseUntilRedirectUri(new BrowserlessClient(), req.url.href);
      expect(out.callback?.searchParams.get('error')).toBe('login_required');
      expect(out.callback?.searchParams.get('state')).toBe(req.state);
      expect(out.callback?.searchParams.get('iss')).toBe(app.t.baseUrl);
    });

    it('prompt=none with a session answers without a page; another service reuses the Passi session', async () => {
      const { browser } = await login('basic');
      const config = await discoverClient(app.t.baseUrl, 'basic');
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
      const other = await discoverClient(app.t.baseUrl, 'post');
      const req = await authRequest(other, { acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}` });
      const sso = await browseUntilRedirectUri(browser, req.url.href);
      expect(sso.callback?.searchParams.get('code')).toBeTruthy();
    });

    it('an authorization request reads the grant in use once, however many of its steps need it', async () => {
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const browser = new BrowserlessClient();
      const first = await authRequest(config, { acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}` });
      // The login's resume: the release is read (findAccount) and the grant handed on (loadExistingGrant).
      const atResume = await countGrantReads(() => browserLogin(browser, first.url));
      expect(atResume.result.searchParams.get('code')).toBeTruthy();
      expect(atResume.reads).toBe(1);
      // A reused session: Passi's login check asks for the grant too.
      const silent = await authRequest(config, { prompt: 'none' });
      const reused = await countGrantReads(() => browseUntilRedirectUri(browser, silent.url.href));
      expect(reused.result.callback?.searchParams.get('code')).toBeTruthy();
      expect(reused.reads).toBe(1);
    });

    it('prompt=login and max_age send the user to the school again; auth_time is returned', async () => {
      const { browser } = await login('basic');
      const config = await discoverClient(app.t.baseUrl, 'basic');
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
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const req = await authRequest(config, { acr_values: `urn:mpass.id:authnsource:${FIRST_FLOW}` });
      const browser = new BrowserlessClient();
      const page = await browseUntilRedirectUri(browser, req.url.href);
      const done = page.page ? await loginAtTestDirectory(browser, page.page, 'demo_u0022') : {};
      expect(done.callback?.searchParams.get('error')).toBe('access_denied');
      expect(done.callback?.searchParams.get('code')).toBeNull();
    });

    it('RP-initiated logout to a registered address ends the Passi session too', async () => {
      const { browser, tokens } = await login('basic');
      const logout = new URL(`${app.t.baseUrl}/idp/profile/oidc/logout`);
      logout.searchParams.set('id_token_hint', tokens.id_token ?? '');
      logout.searchParams.set('post_logout_redirect_uri', 'https://rp.example.org/bye');
      logout.searchParams.set('state', 's1');
      const confirm = await browser.get(logout.href);
      expect(confirm.status).toBe(200);
      expect(confirm.body).toContain('op.logoutForm');
      const action = /action="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
      const done = await browser.post(new URL(action, app.t.baseUrl).href, { xsrf, logout: 'yes' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('https://rp.example.org/bye?state=s1');
      const config = await discoverClient(app.t.baseUrl, 'basic');
      const silent = await authRequest(config, { prompt: 'none' });
      const out = await browseUntilRedirectUri(browser, silent.url.href);
      expect(out.callback?.searchParams.get('error')).toBe('login_required');
      // The Passi SSO session is gone as well: the school's login page is shown again.
      const again = await browseUntilRedirectUri(browser, (await authRequest(config)).url.href);
      expect(again.page?.url).toContain('/upstream/test-directory/');
    });

    it('an unregistered post_logout_redirect_uri is refused at Passi', async () => {
      const { browser, tokens } = await login('basic');
      const logout = new URL(`${app.t.baseUrl}/idp/profile/oidc/logout`);
      logout.searchParams.set('id_token_hint', tokens.id_token ?? '');
      logout.searchParams.set('post_logout_redirect_uri', 'https://evil.example/bye');
      const res = await browser.get(logout.href);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  });
}

/** How many times the store was asked for a Grant (by any adapter instance) while `run` ran. */
async function countGrantReads<T>(run: () => Promise<T>): Promise<{ result: T; reads: number }> {
  const find = vi.spyOn(OidcArtifactAdapter.prototype, 'find');
  try {
    const result = await run();
    const reads = find.mock.contexts.filter(
      (adapter) => Reflect.get(Object(adapter), 'model') === 'Grant',
    ).length;
    return { result, reads };
  } finally {
    find.mockRestore();
  }
}
