import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  attributeTestLogin,
  DISCOVERY_REGISTRY,
  installTestLogo,
  restrictedServiceLogin,
  TEST_LOGO,
} from './discovery-fixture.ts';

/** The discovery routes over real HTTP without a browser: per-service filtering and bad input. */
describe('discovery over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ registry: DISCOVERY_REGISTRY });
    // Logos are files in <dataDir>/logos, served by Passi (docs/discovery.md).
    installTestLogo(t.config.dataDir);
  });
  afterAll(() => t?.close());
  /** The login's form token, as the page's forms carry it. */
  const token = (page: BrowserResponse) =>
    parseForms(page.body).find((f) => f.fields.form_token)?.fields.form_token ?? '';

  it('sends a login with two or more candidates to the school selection page', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(attributeTestLogin(t.baseUrl));
    expect(page.url).toBe(`${t.baseUrl}/discovery`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('Käyttäjätietojen testipalvelu (SAML)');
    for (const school of [
      'Mansikkalan testi peruskoulu',
      'Mansikkalan testilukio',
      'Mustikkalan testikoulu',
      'Mustikkalan salainen koulu',
    ]) {
      expect(page.body).toContain(school);
    }
  });

  it('never shows a service an integration that does not allow it, and refuses a forged choice of it', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(restrictedServiceLogin(t.baseUrl));
    expect(page.url).toBe(`${t.baseUrl}/discovery`);
    expect(page.body).toContain('Rajattu testipalvelu');
    expect(page.body).toContain('Mustikkalan testikoulu');
    expect(page.body).not.toContain('salainen');
    expect(page.body).not.toContain('4000003');
    const searched = await browser.get(`${t.baseUrl}/discovery?q=salainen`);
    expect(searched.body).not.toContain('value="4000003');
    const fragment = await browser.get(`${t.baseUrl}/discovery/results?q=mustikkalan`);
    expect(fragment.body).not.toContain('salainen');

    for (const choice of ['4000003~', 'no-such-integration~', '4000003', '', '<script>']) {
      const forged = await browser.post(`${t.baseUrl}/discovery/choose`, { choice, form_token: token(page) });
      expect(forged.status).toBe(403);
      expect(forged.headers.get('x-passi-error-code')).toBe('PASSI_INTEGRATION_NOT_ALLOWED');
      expect(forged.body).toContain('Valittu koulu ei voi kirjautua tähän palveluun.');
      expect(forged.body).not.toContain('<script>');
    }
    // The flow survives a refused choice: a real one still works.
    const chosen = await browser.postFollow(`${t.baseUrl}/discovery/choose`, {
      choice: '4000002~99974',
      form_token: token(page),
    });
    expect(chosen.url).toContain('/upstream/test-directory/MustikkalaTest/login');
  });

  it('remembers a choice in a first-party cookie and forgets it on request', async () => {
    const browser = new BrowserlessClient();
    const first = await browser.getFollow(attributeTestLogin(t.baseUrl));
    await browser.post(`${t.baseUrl}/discovery/choose`, {
      choice: '4000001~99977',
      lang: 'fi',
      form_token: token(first),
    });
    expect(browser.cookie(new URL(t.baseUrl).host, '__Host-passi_schools')).toContain('4000001~99977');
    const again = await browser.getFollow(attributeTestLogin(t.baseUrl));
    expect(again.body).toContain('Viimeksi valitsemasi');
    expect(again.body.indexOf('value="4000001~99977"')).toBeLessThan(again.body.indexOf('Kaikki koulut'));
    const forgotten = await browser.postFollow(`${t.baseUrl}/discovery/forget`, {
      lang: 'fi',
      form_token: token(again),
    });
    expect(forgotten.url).toBe(`${t.baseUrl}/discovery?lang=fi`);
    expect(forgotten.body).not.toContain('Viimeksi valitsemasi');
  });

  it("shows a remembered choice only when it is among the service's entries", async () => {
    const browser = new BrowserlessClient();
    const first = await browser.getFollow(attributeTestLogin(t.baseUrl));
    await browser.post(`${t.baseUrl}/discovery/choose`, { choice: '4000003~', form_token: token(first) });
    const restricted = await browser.getFollow(restrictedServiceLogin(t.baseUrl));
    expect(restricted.body).not.toContain('Viimeksi valitsemasi');
    expect(restricted.body).not.toContain('salainen');
  });

  it('searches without JavaScript, bounded and escaped', async () => {
    const browser = new BrowserlessClient();
    await browser.getFollow(attributeTestLogin(t.baseUrl));
    const found = await browser.get(`${t.baseUrl}/discovery?q=mustikala`);
    expect(found.body).toContain('Löytyi 2 koulua.');
    const hostile = `"><script>alert(1)</script>${'(a+)+$'.repeat(1000)}`;
    const res = await browser.get(`${t.baseUrl}/discovery?q=${encodeURIComponent(hostile)}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&quot;>&lt;script>alert(1)&lt;/script>');
  });

  it('refuses a choice posted from another site (Fetch Metadata)', async () => {
    const browser = new BrowserlessClient();
    await browser.getFollow(attributeTestLogin(t.baseUrl));
    const res = await fetch(`${t.baseUrl}/discovery/choose`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'choice=4000001~30076',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  it('serves logos from its own folder only', async () => {
    const browser = new BrowserlessClient();
    const page = await browser.getFollow(attributeTestLogin(t.baseUrl));
    expect(page.body).toContain('<img src="/discovery/logos/mustikkala.svg" alt');
    const logo = await browser.get(`${t.baseUrl}/discovery/logos/mustikkala.svg`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    expect(logo.body).toBe(TEST_LOGO);
    for (const bad of ['..%2Fsecret.key', 'missing.png', 'mustikkala.SVG', 'x.html']) {
      expect((await browser.get(`${t.baseUrl}/discovery/logos/${bad}`)).status).toBe(404);
    }
  });

  it('searches by municipality and shows it under each school (synthetic "Mansikkala", docs/discovery.md)', async () => {
    // The bundled Mansikkala organisations carry the synthetic municipality 999 "Mansikkala"; Mustikkala's
    // have none. search-index.test.ts shows schools found by the municipality alone.
    const browser = new BrowserlessClient();
    await browser.getFollow(attributeTestLogin(t.baseUrl));
    for (const q of ['Mansikkala', 'MÄNSIKKÄLÄ', 'mansik']) {
      const found = await browser.get(`${t.baseUrl}/discovery?${new URLSearchParams({ q })}`);
      expect(found.body, q).toContain('Löytyi 3 koulua.');
      expect(found.body).toContain('<span class="visually-hidden">, </span>Mansikkala</span>');
      expect(found.body).not.toContain('Mustikkalan testikoulu');
    }
    const sv = await browser.get(`${t.baseUrl}/discovery/results?q=mansikkala&lang=sv`);
    expect(sv.body.split('class="disco-place"')).toHaveLength(4);
  });

  it('without a login in progress offers to start again', async () => {
    const res = await new BrowserlessClient().get(`${t.baseUrl}/discovery`);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-passi-error-code')).toBe('PASSI_FLOW_MISSING');
  });
});
