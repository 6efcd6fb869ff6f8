import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * docs/discovery.md "Languages": the language comes from the service's request (`lang` / `ui_locales`), then the cookie,
 * then Accept-Language. An older cookie (a language chosen at an earlier login) must not override what
 * the service asks for now. (A switch on the school selection page during this login overrides both for
 * the pages after it: test/discovery/discovery-browser.test.ts.)
 */
describe('page language order', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const host = () => new URL(t.baseUrl).host;

  function oidcAuthorize(uiLocales: string): string {
    const verifier = randomBytes(32).toString('base64url');
    const u = new URL(`${t.baseUrl}/idp/profile/oidc/authorize`);
    for (const [k, v] of Object.entries({
      client_id: 'passi-attribute-test',
      redirect_uri: `${t.baseUrl}/test-service/oidc/callback`,
      response_type: 'code',
      scope: 'openid profile',
      state: randomBytes(8).toString('hex'),
      nonce: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ui_locales: uiLocales,
    }))
      u.searchParams.set(k, v);
    return u.href;
  }

  it("OIDC: the service's ui_locales beats an older language cookie", async () => {
    const browser = new BrowserlessClient();
    browser.setCookie(host(), 'passi_lang', 'en');
    const page = await browser.getFollow(oidcAuthorize('sv'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="sv"');
    expect(browser.cookie(host(), 'passi_lang')).toBe('sv');
  });

  it('SAML: the service’s lang beats an older cookie', async () => {
    const browser = new BrowserlessClient();
    browser.setCookie(host(), 'passi_lang', 'en');
    const start = await browser.get(`${t.baseUrl}/test-service/saml/login`);
    const sso = new URL(start.headers.get('location') ?? '', t.baseUrl);
    sso.searchParams.set('lang', 'sv');
    const page = await browser.getFollow(sso.href);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="sv"');
    expect(browser.cookie(host(), 'passi_lang')).toBe('sv');
  });

  it('without a service language: the cookie, then Accept-Language (Finnish from this client)', async () => {
    const withCookie = new BrowserlessClient();
    withCookie.setCookie(host(), 'passi_lang', 'en');
    expect((await withCookie.getFollow(oidcAuthorize(''))).body).toContain('<html lang="en"');
    expect((await new BrowserlessClient().getFollow(oidcAuthorize(''))).body).toContain('<html lang="fi"');
  });
});
