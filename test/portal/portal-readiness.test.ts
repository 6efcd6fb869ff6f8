/**
 * The readiness checklist through the real app (docs/portal.md "Readiness checklist"): the page and the JSON
 * API for the organisation's own people and operators, and the same 403 (audited) for anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalStores } from '../../src/portal/commands/portal-deps.ts';
import { defaultMapping } from '../../src/upstream/index.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

const MANSIKKALA = '1.2.246.562.99.00000000001';
const OTHER = '1.2.246.562.99.00000000050';
const REGISTRY = `
organisations:
  - oid: ${MANSIKKALA}
    name: { fi: Mansikkalan testikoulutustoimija, sv: Mansikkala testutbildningsanordnare, en: Mansikkala test education provider }
    roles: [educationProvider]
    personRegistries: [wilma, entra]
  - oid: ${OTHER}
    name: { fi: Toinen koulutustoimija }
    roles: [educationProvider]
    personRegistries: [adfs]
`;

const text = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
/** The registry field names of the page's table for one registry, in row order. */
function fieldNames(html: string, registry: string): string[] {
  const section = new RegExp(`<section aria-labelledby="checklist-${registry}"[\\s\\S]*?</section>`).exec(
    html,
  );
  return [...(section?.[0] ?? '').matchAll(/<th scope="row"><code>([^<]+)<\/code><\/th>/g)].map((m) =>
    decodeHtmlText(m[1] ?? ''),
  );
}
const sorted = (names: Iterable<string>) => [...names].sort();

describe('portal: readiness checklist', () => {
  let t: TestApp;
  const path = (org: string, query = '') => `/portal/organisation/${org}/readiness${query}`;
  beforeAll(async () => {
    t = await createTestApp({ registry: REGISTRY });
  });
  afterAll(() => t?.close());

  it('a viewer sees a checklist for each registry the organisation uses, names from the connector table', async () => {
    const { browser } = await signedInBrowser(t, 'katselija@example.fi', 'education-viewer', MANSIKKALA);
    const home = await browser.get(`${t.baseUrl}/portal/?lang=en`);
    expect(home.body).toContain('href="/portal/readiness"');
    const page = await browser.getFollow(`${t.baseUrl}/portal/readiness`);
    expect(page.url).toBe(`${t.baseUrl}${path(MANSIKKALA)}`);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Valmiuslista');
    expect(sorted(fieldNames(page.body, 'wilma'))).toEqual(sorted(Object.values(defaultMapping('wilma'))));
    expect(sorted(fieldNames(page.body, 'entra'))).toEqual(sorted(Object.values(defaultMapping('entra'))));
    expect(fieldNames(page.body, 'adfs')).toEqual([]);
    expect(page.body).toContain('href="/portal/docs/integrations/wilma.md"');

    const guide = await browser.get(`${t.baseUrl}/portal/docs/integrations/wilma.md`);
    expect(guide.status).toBe(200);
    expect(guide.headers.get('content-type')).toContain('text/plain');
    expect((await browser.get(`${t.baseUrl}/portal/docs/integrations/..%2Fportal.md`)).status).toBe(404);
  });

  it('?registry= chooses one registry; an unknown one is a 400', async () => {
    const { browser } = await signedInBrowser(t, 'paakayttaja@example.fi', 'education-main', MANSIKKALA);
    const page = await browser.get(`${t.baseUrl}${path(MANSIKKALA, '?registry=opinsys&lang=sv')}`);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Checklista');
    expect(sorted(fieldNames(page.body, 'opinsys'))).toEqual(
      sorted(Object.values(defaultMapping('opinsys'))),
    );
    expect(fieldNames(page.body, 'wilma')).toEqual([]);
    expect((await browser.get(`${t.baseUrl}${path(MANSIKKALA, '?registry=excel')}`)).status).toBe(400);

    const api = await browser.get(
      `${t.baseUrl}/portal/api/v1/organisations/${MANSIKKALA}/readiness?registry=wilma`,
    );
    expect(api.status).toBe(200);
    const json = JSON.parse(api.body) as {
      personRegistries: string[];
      checklists: { registry: string; items: { internalName: string; fieldName: string }[] }[];
    };
    expect(json.personRegistries).toEqual(['wilma', 'entra']);
    expect(json.checklists.map((c) => c.registry)).toEqual(['wilma']);
    expect(
      Object.fromEntries(json.checklists[0]?.items.map((i) => [i.internalName, i.fieldName]) ?? []),
    ).toEqual(defaultMapping('wilma'));
  });

  it('another organisation’s checklist is refused with 403 on the page and in the API, and audited', async () => {
    const { browser } = await signedInBrowser(t, 'vieras@example.fi', 'education-main', MANSIKKALA);
    const page = await browser.get(`${t.baseUrl}${path(OTHER)}`);
    expect(page.status).toBe(403);
    expect(page.headers.get('x-passi-error-code')).toBe('PASSI_PORTAL_FORBIDDEN');
    expect(page.body).not.toContain('mpassUserIdentity');
    const api = await browser.get(`${t.baseUrl}/portal/api/v1/organisations/${OTHER}/readiness`);
    expect(api.status).toBe(403);
    const audit = await portalStores(t.services.db).audit.list({ limit: 2 });
    expect(audit.map((a) => [a.action, a.subject, a.organisationId])).toEqual([
      ['access-refused', OTHER, MANSIKKALA],
      ['access-refused', OTHER, MANSIKKALA],
    ]);
  });

  it('an operator sees any organisation’s checklist', async () => {
    const { browser } = await signedInBrowser(t, 'operaattori@example.fi', 'operator', 'passi');
    const page = await browser.get(`${t.baseUrl}${path(OTHER, '?lang=en')}`);
    expect(page.status).toBe(200);
    expect(sorted(fieldNames(page.body, 'adfs'))).toEqual(sorted(Object.values(defaultMapping('adfs'))));
    const unknown = await browser.get(`${t.baseUrl}${path('1.2.246.562.99.00000000066', '?lang=en')}`);
    expect(unknown.status).toBe(200);
    expect(text(unknown.body)).toContain('has not said which person registry it uses');
  });

  it('without a session: to the sign-in page', async () => {
    const response = await fetch(`${t.baseUrl}${path(MANSIKKALA)}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/portal/sign-in');
  });
});
