/**
 * The service pages without JavaScript (docs/portal.md "Services"): linked from a service provider's
 * organisation page; an OIDC service made with the plain form shows its secret on that answer only;
 * unusable metadata comes back as an error summary in the page's language with nothing stored; a viewer
 * sees no forms and a crafted POST is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, storeSnapshot } from '../portal/api-operation-table.ts';
import { signedInBrowser } from '../portal/portal-support.ts';
import { type BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SERVICE_PROVIDER } from './service-support.ts';

const formIndex = (page: BrowserResponse, protocol: string) =>
  parseForms(page.body).findIndex((f) => f.fields.protocol === protocol);

describe('service pages without JavaScript', () => {
  let t: TestApp;
  let browser: BrowserlessClient;
  let listUrl = '';

  beforeAll(async () => {
    t = await createTestApp();
    ({ browser } = await signedInBrowser(t, 'pages@palvelu.example', 'service-main', SERVICE_PROVIDER));
    listUrl = `${t.baseUrl}/portal/organisation/${SERVICE_PROVIDER}/services`;
  });
  afterAll(() => t?.close());

  it('the organisation page of a service provider links to its services', async () => {
    const org = await browser.get(`${t.baseUrl}/portal/organisation/${SERVICE_PROVIDER}?lang=en`);
    expect(org.body).toContain(`/portal/organisation/${SERVICE_PROVIDER}/services?lang=en`);
  });

  it('creates an OIDC service; the secret is on that answer only', async () => {
    const list = await browser.get(`${listUrl}?lang=fi`);
    expect(list.status).toBe(200);
    const shown = await browser.submitForm(
      list,
      { name_fi: 'Sivutesti', redirectUris: 'https://rp.example.org/callback\nhttps://rp.example.org/other' },
      formIndex(list, 'oidc'),
    );
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toContain('no-store');
    const secret = /<code id="client-secret">([^<]+)<\/code>/.exec(shown.body)?.[1] ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const back = /<a href="([^"]+)">[^<]*<\/a>\s*<\/p>\s*<\/main>/.exec(shown.body)?.[1] ?? '';
    const servicePage = await browser.get(new URL(decodeHtmlText(back), t.baseUrl).href);
    expect(servicePage.status).toBe(200);
    expect(servicePage.body).toContain('https://rp.example.org/other');
    expect(servicePage.body).not.toContain(secret);
    expect((await browser.get(listUrl)).body).not.toContain(secret);
  });

  it('refuses unusable metadata with an error summary in the page’s language, storing nothing', async () => {
    const list = await browser.get(`${listUrl}?lang=sv`);
    const before = await storeSnapshot(t.services);
    const answer = await browser.submitForm(
      list,
      { name_sv: 'Fel', metadataXml: 'inte metadata' },
      formIndex(list, 'saml'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Metadatan är inte giltig XML.');
    expect(answer.body).toContain('href="#metadataUrl"');
    expect(changedTables(before, await storeSnapshot(t.services))).toEqual([]);
  });

  it('an address with a fragment is refused with the field named in the page’s language', async () => {
    const list = await browser.get(`${listUrl}?lang=fi`);
    const answer = await browser.submitForm(
      list,
      { name_fi: 'Fragmentti', redirectUris: 'https://rp.example.org/cb#x' },
      formIndex(list, 'oidc'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('href="#redirectUris"');
    expect(decodeHtmlText(answer.body)).toContain('Paluuosoitteet (redirect URI), yksi riville');
    expect(answer.body).toContain('must not contain a fragment');
  });

  it('a viewer sees no forms, and a crafted POST is refused with 403', async () => {
    const viewer = await signedInBrowser(
      t,
      'viewer.pages@palvelu.example',
      'service-viewer',
      SERVICE_PROVIDER,
    );
    const page = await viewer.browser.get(listUrl);
    expect(page.status).toBe(200);
    expect(formIndex(page, 'oidc')).toBe(-1);
    const before = await storeSnapshot(t.services);
    const crafted = await viewer.browser.post(listUrl, {
      csrf: viewer.csrf,
      protocol: 'oidc',
      name_fi: 'Ei',
      redirectUris: 'https://rp.example.org/cb',
    });
    expect(crafted.status).toBe(403);
    expect(changedTables(before, await storeSnapshot(t.services))).toEqual([]);
  });
});
