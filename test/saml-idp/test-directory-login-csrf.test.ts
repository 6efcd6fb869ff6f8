import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { authnRequestXml, redirectSsoUrl, ssoUrls } from './support/authn-requests.ts';
import { expectNothingPosted, readVerifiedAutoPost, TEST_DIRECTORY_LOGIN } from './support/saml-checks.ts';
import { registryYaml, spEntityId } from './support/sp-registry.ts';

/**
 * Login CSRF at the test directory's login form: another site must not log this browser in as the
 * attacker's test account. Both forms (log in, cancel) carry a token bound to the flow cookie.
 */
describe('test directory login form token', () => {
  const SP = 'td-csrf';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: registryYaml([{ id: SP }]) });
  });
  afterAll(() => t?.close());

  const FIELD = 'form_token';
  const start = async (browser: BrowserlessClient) => {
    const page = await browser.getFollow(
      redirectSsoUrl(
        t.baseUrl,
        authnRequestXml({ issuer: spEntityId(SP), destination: ssoUrls(t.baseUrl).redirect }),
      ),
    );
    expect(new URL(page.url).pathname).toBe(TEST_DIRECTORY_LOGIN);
    return page;
  };
  const tokenOf = (page: BrowserResponse) => parseForms(page.body)[0]?.fields[FIELD] ?? '';
  const credentials = { username: 'demo_u0001', password: 'demo_u0001pwd' };
  const expectRefused = (res: BrowserResponse) => {
    expect(res.status).toBe(403);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_FORM_TOKEN_INVALID');
    expect(res.body).toContain('Lomaketta ei lähetetty tältä kirjautumissivulta');
    expectNothingPosted(res);
  };

  it('both forms carry the same non-empty token', async () => {
    const page = await start(new BrowserlessClient());
    const forms = parseForms(page.body);
    expect(forms).toHaveLength(2);
    expect(tokenOf(page).length).toBeGreaterThan(20);
    for (const form of forms) expect(form.fields[FIELD]).toBe(tokenOf(page));
  });

  it('a login posted without the token, with a wrong one or with another login’s token is refused; the page’s own form still works', async () => {
    const attacker = new BrowserlessClient();
    const attackersToken = tokenOf(await start(attacker));
    const victim = new BrowserlessClient();
    const page = await start(victim);
    for (const token of [undefined, '', 'forged', attackersToken]) {
      const fields: Record<string, string> = { ...credentials };
      if (token !== undefined) fields[FIELD] = token;
      expectRefused(await victim.post(page.url, fields));
    }
    expectRefused(await victim.post(page.url, { cancel: '1' }));
    const post = await readVerifiedAutoPost(await victim.submitForm(page, credentials), t);
    expect(post.action).toContain(SP);
  });

  it('a wrong password keeps the token on the page shown again', async () => {
    const browser = new BrowserlessClient();
    const page = await start(browser);
    const again = await browser.submitForm(page, { username: 'demo_u0001', password: 'wrong' });
    expect(again.status).toBe(401);
    expect(tokenOf(again).length).toBeGreaterThan(20);
    expect(tokenOf(again)).toBe(tokenOf(page));
    await readVerifiedAutoPost(await browser.submitForm(again, credentials), t);
  });
});
