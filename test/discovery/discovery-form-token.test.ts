import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { attributeTestLogin, DISCOVERY_REGISTRY } from './discovery-fixture.ts';

/**
 * Login CSRF on the school selection page: every POST form carries a token bound to this browser's flow
 * (the flow cookie), checked before anything else happens; Sec-Fetch-Site is still checked too.
 */
describe('discovery forms carry a token bound to the flow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: DISCOVERY_REGISTRY });
  });
  afterAll(() => t?.close());

  const FIELD = 'form_token';
  const tokenOf = (page: BrowserResponse): string => {
    const tokens = new Set(parseForms(page.body).flatMap((f) => (f.fields[FIELD] ? [f.fields[FIELD]] : [])));
    expect(tokens.size).toBe(1);
    return [...tokens][0] ?? '';
  };
  const expectRefused = (res: BrowserResponse) => {
    expect(res.status).toBe(403);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_FORM_TOKEN_INVALID');
    expect(res.body).toContain('Lomaketta ei lähetetty tältä kirjautumissivulta');
    expect(res.body).toMatch(/Virhetunniste/);
    expect(res.body).not.toContain('SAMLResponse');
  };

  it('every POST form on the page and in the type-ahead fragment carries the token', async () => {
    const browser = new BrowserlessClient();
    await browser.getFollow(attributeTestLogin(t.baseUrl));
    await browser.post(`${t.baseUrl}/discovery/choose`, {
      choice: '4000001~99977',
      [FIELD]: tokenOf(await browser.get(`${t.baseUrl}/discovery`)),
    });
    // A new login: the page now also has the remembered choice and the "forget" form.
    const page = await browser.getFollow(attributeTestLogin(t.baseUrl));
    const posts = parseForms(page.body).filter((f) => f.method.toLowerCase() === 'post');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const form of posts) expect(form.fields[FIELD]).toBe(tokenOf(page));
    const fragment = await browser.get(`${t.baseUrl}/discovery/results?q=mustikkalan`);
    expect(tokenOf(fragment)).toBe(tokenOf(page));
  });

  it('a choice without a token, with a wrong one, or with another login’s token is refused with a page that says so', async () => {
    const other = new BrowserlessClient();
    const othersToken = tokenOf(await other.getFollow(attributeTestLogin(t.baseUrl)));
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(attributeTestLogin(t.baseUrl));
    for (const token of [undefined, '', 'x', othersToken, `${tokenOf(page)}x`]) {
      const fields: Record<string, string> = { choice: '4000001~99977' };
      if (token !== undefined) fields[FIELD] = token;
      expectRefused(await browser.post(`${t.baseUrl}/discovery/choose`, fields));
    }
    // The refusals did not spend the flow: the page's own form still works.
    const chosen = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
      choice: '4000001~99977',
      [FIELD]: tokenOf(page),
    });
    expect(new URL(chosen.url).pathname).toBe('/upstream/test-directory/MansikkalaTest/login');
  });

  it('forgetting remembered choices needs the token too', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(attributeTestLogin(t.baseUrl));
    expectRefused(await browser.post(`${t.baseUrl}/discovery/forget`, { lang: 'fi' }));
    const ok = await browser.post(`${t.baseUrl}/discovery/forget`, { lang: 'fi', [FIELD]: tokenOf(page) });
    expect(ok.status).toBe(303);
  });

  it('keeps refusing a cross-site post even with the right token (Fetch Metadata)', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(attributeTestLogin(t.baseUrl));
    const flow = browser.cookie(new URL(t.baseUrl).host, '__Host-passi_flow') ?? '';
    const res = await fetch(`${t.baseUrl}/discovery/choose`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
        cookie: `__Host-passi_flow=${flow}`,
      },
      body: new URLSearchParams({ choice: '4000001~30076', [FIELD]: tokenOf(page) }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_FORM_TOKEN_INVALID');
  });
});
