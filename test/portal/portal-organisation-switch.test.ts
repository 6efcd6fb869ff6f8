import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalStores } from '../../src/portal/commands/portal-deps.ts';
import { parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

const htmlText = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const whoText = (html: string) => htmlText(/<section class="who"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '');

describe('portal: a person with roles in two organisations works in one at a time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('switches to another own membership; a membership the person does not hold is refused and audited', async () => {
    // Demo registry organisation (demo/registry.yaml) first, then a second one added to the same person.
    const { browser, csrf } = await signedInBrowser(
      t,
      'two.orgs@example.fi',
      'education-main',
      '1.2.246.562.99.00000000001',
    );
    const stores = portalStores(t.services.db);
    const person = await stores.people.findByEmail('two.orgs@example.fi');
    await stores.people.addMembership(person?.id ?? '', {
      organisationId: 'svc-org',
      role: 'service-viewer',
    });

    const home = await browser.get(`${t.baseUrl}/portal/`);
    expect(whoText(home.body)).toContain('Koulutuksen järjestäjän pääkäyttäjä');
    const switchForm = parseForms(home.body).findIndex((f) => f.action === '/portal/organisation');
    expect(switchForm).toBeGreaterThan(-1);
    const switched = await browser.submitForm(home, { membership: 'service-viewer|svc-org' }, switchForm);
    expect(switched.url).toBe(`${t.baseUrl}/portal/`);
    expect(whoText(switched.body)).toContain('svc-org');
    expect(whoText(switched.body)).toContain('Palveluntarjoajan katselija');

    const refused = await browser.post(`${t.baseUrl}/portal/organisation`, {
      csrf,
      membership: 'operator|passi',
    });
    expect(refused.status).toBe(403);
    expect(whoText((await browser.get(`${t.baseUrl}/portal/`)).body)).toContain(
      'Palveluntarjoajan katselija',
    );
    const audit = await stores.audit.list({ limit: 2 });
    expect(audit.map((a) => [a.action, a.subject])).toEqual([
      ['access-refused', 'passi'],
      ['organisation-switched', 'two.orgs@example.fi'],
    ]);
  });
});
