/**
 * The organisation page through the app on both stores (docs/portal.md "Organisation page", "People",
 * "Contacts"): what a main user sees and changes, what a viewer and another organisation are refused, what
 * an operator sees, and people management (existing accounts, removal ends sessions, the last main user).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { portalStores } from '../../src/portal/commands/portal-deps.ts';
import type { BrowserlessClient } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

const ORG = '1.2.246.562.99.00000000001';
const OTHER = '1.2.246.562.99.00000000099';
const text = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

describeEachStore('portal organisation page', (kind) => {
  let t: TestApp;
  let main: { browser: BrowserlessClient; csrf: string };
  const page = (org = ORG) => `${t.baseUrl}/portal/organisation/${org}`;
  const contactsOf = async (org = ORG) =>
    (await t.services.registry.current()).organisations.get(org)?.contacts;
  const refusals = async () =>
    (await portalStores(t.services.db).audit.list({ limit: 50 })).filter(
      (r) => r.action === 'access-refused',
    );

  beforeAll(async () => {
    t = await createTestApp({ store: kind });
    main = await signedInBrowser(t, 'maija.main@example.fi', 'education-main', ORG);
  }, 60_000);
  afterAll(() => t?.close());

  it('a main user sees their own organisation with its people and audit log', async () => {
    const res = await main.browser.get(`${page()}?lang=en`);
    expect(res.status).toBe(200);
    const body = text(res.body);
    expect(body).toContain('Mansikkala test education provider');
    expect(body).toContain(ORG);
    expect(body).toMatch(/maija\.main@example\.fi Education provider main user Active/);
    expect(body).toContain('Change history');
    expect(body).toContain('Accepted terms of service');
    expect(body).toContain('invitation-accepted');
    // The bar links to the organisation page.
    expect(res.body).toContain(`href="/portal/organisation/${ORG}"`);
  });

  it('edits contacts through the registry: before → after in the audit log; no technical contact is refused', async () => {
    const first = await main.browser.post(`${page()}/contacts`, {
      csrf: main.csrf,
      'kind-0': 'technical',
      'name-0': 'Tea Tekninen',
      'email-0': 'tea@example.fi',
      'phone-0': '',
    });
    expect(first.status).toBe(303);
    expect(await contactsOf()).toEqual([
      { kind: 'technical', name: 'Tea Tekninen', email: 'tea@example.fi' },
    ]);
    const changed = await main.browser.postFollow(`${page()}/contacts`, {
      csrf: main.csrf,
      'kind-0': 'technical',
      'name-0': 'Teemu Tekninen',
      'email-0': 'tea@example.fi',
      'kind-1': 'security',
      'name-1': 'Sami Suojaus',
      'email-1': 'sami@example.fi',
    });
    expect(changed.status).toBe(200);
    const body = text(changed.body);
    expect(body).toContain('contacts[0].name: "Tea Tekninen" → "Teemu Tekninen"');
    expect(body).toContain('contacts[1].name: (unset) → "Sami Suojaus"');
    expect(body).toContain('contacts[0].email: (unset) → "tea@example.fi"');
    expect(body).toContain('portal:maija.main@example.fi');

    const refused = await main.browser.post(`${page()}/contacts`, {
      csrf: main.csrf,
      'kind-0': 'administrative',
      'name-0': 'Aino Hallinto',
      'email-0': 'aino@example.fi',
      'remove-1': '1',
      'kind-1': 'security',
      'name-1': 'Sami Suojaus',
      'email-1': 'sami@example.fi',
    });
    expect(refused.status).toBe(400);
    expect(text(refused.body)).toContain('Organisaatiolla on oltava vähintään yksi tekninen yhteyshenkilö.');
    expect(refused.body).toContain('href="#contact-0-kind"');
    expect((await contactsOf())?.map((c) => c.name)).toEqual(['Teemu Tekninen', 'Sami Suojaus']);

    const badEmail = await main.browser.post(`${page()}/contacts`, {
      csrf: main.csrf,
      'kind-0': 'technical',
      'name-0': 'Teemu Tekninen',
      'email-0': 'not an address',
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body).toContain('href="#contact-0-email"');
    expect(badEmail.body).toContain('aria-describedby="contact-0-email-error"');
  });

  it('a viewer sees the page without change forms; a viewer POST is refused with 403 and nothing changes', async () => {
    const viewer = await signedInBrowser(t, 'ville.viewer@example.fi', 'education-viewer', ORG);
    const seen = await viewer.browser.get(page());
    expect(seen.status).toBe(200);
    expect(seen.body).not.toContain('/contacts"');
    expect(seen.body).not.toContain('/people/remove"');
    const before = await contactsOf();
    const res = await viewer.browser.post(`${page()}/contacts`, {
      csrf: viewer.csrf,
      'kind-0': 'technical',
      'name-0': 'Villen Vaihto',
      'email-0': 'v@example.fi',
    });
    expect(res.status).toBe(403);
    expect(await contactsOf()).toEqual(before);
    expect((await refusals()).some((r) => r.detail?.what === 'change contacts' && r.subject === ORG)).toBe(
      true,
    );
  });

  it('another organisation’s id in the URL or the API is refused with 403 and audited', async () => {
    expect((await main.browser.get(page(OTHER))).status).toBe(403);
    const before = await contactsOf(OTHER);
    const post = await main.browser.post(`${page(OTHER)}/contacts`, {
      csrf: main.csrf,
      'kind-0': 'technical',
      'name-0': 'X',
      'email-0': 'x@example.fi',
    });
    expect(post.status).toBe(403);
    expect(await contactsOf(OTHER)).toEqual(before);
    const cookie = main.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
    const api = await fetch(`${t.baseUrl}/portal/api/v1/organisations/${OTHER}/people`, {
      headers: { cookie: `passi_portal=${cookie}` },
    });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('PASSI_PORTAL_FORBIDDEN');
    const mine = await fetch(`${t.baseUrl}/portal/api/v1/organisations/${ORG}`, {
      headers: { cookie: `passi_portal=${cookie}` },
    });
    expect(mine.status).toBe(200);
    const refused = (await refusals()).filter((r) => r.subject === OTHER);
    // The API refuses in its router, before the body is read, naming the operation.
    expect(refused.map((r) => r.detail?.what).sort()).toEqual([
      'change contacts',
      'listOrganisationPeople',
      'view organisation',
    ]);
  });

  it('an operator lists and searches all organisations and opens any of them', async () => {
    const operator = await signedInBrowser(t, 'olli.operator@example.fi', 'operator', 'passi');
    const list = await operator.browser.get(`${t.baseUrl}/portal/organisations?lang=en`);
    expect(list.status).toBe(200);
    expect(text(list.body)).toContain('Mansikkala test education provider');
    expect(text(list.body)).toContain('Passi operator (demo)');
    const searched = text(
      (await operator.browser.get(`${t.baseUrl}/portal/organisations?lang=en&q=mansikkala`)).body,
    );
    expect(searched).toContain('Mansikkala test education provider');
    expect(searched).not.toContain('Passi operator (demo)');
    expect((await operator.browser.get(page(OTHER))).status).toBe(200);
    // Not for a main user.
    expect((await main.browser.get(`${t.baseUrl}/portal/organisations`)).status).toBe(403);
  });

  it('inviting a person who already has an account adds the membership at once', async () => {
    await signedInBrowser(t, 'elsa.elsewhere@example.fi', 'service-viewer', OTHER);
    const res = await main.browser.postFollow(`${page()}/people`, {
      csrf: main.csrf,
      email: 'Elsa.Elsewhere@example.fi',
      role: 'education-viewer',
    });
    expect(res.status).toBe(200);
    expect(text(res.body)).toContain('rooli lisättiin');
    const stores = portalStores(t.services.db);
    const elsa = await stores.people.findByEmail('elsa.elsewhere@example.fi');
    expect(await stores.people.memberships(elsa?.id ?? '')).toEqual([
      { organisationId: OTHER, role: 'service-viewer' },
      { organisationId: ORG, role: 'education-viewer' },
    ]);
    // A main user of an education provider does not hand out service roles.
    const wrongRole = await main.browser.post(`${page()}/people`, {
      csrf: main.csrf,
      email: 'x@example.fi',
      role: 'service-main',
    });
    expect(wrongRole.status).toBe(403);
  });

  it('removing a person ends their session; the last main user cannot remove themself', async () => {
    const leaving = await signedInBrowser(t, 'lauri.leaving@example.fi', 'education-viewer', ORG);
    expect((await leaving.browser.get(page())).status).toBe(200);
    const stores = portalStores(t.services.db);
    const lauri = await stores.people.findByEmail('lauri.leaving@example.fi');
    const removed = await main.browser.postFollow(`${page()}/people/remove`, {
      csrf: main.csrf,
      personId: lauri?.id ?? '',
    });
    expect(removed.status).toBe(200);
    const people = /<table class="people">[\s\S]*?<\/table>/.exec(removed.body)?.[0] ?? '';
    expect(people).toContain('maija.main@example.fi');
    expect(people).not.toContain('lauri.leaving@example.fi');
    const after = await leaving.browser.get(page());
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/portal/sign-in?ended=1');
    expect(await stores.people.memberships(lauri?.id ?? '')).toEqual([]);
    const audit = await stores.audit.list({ organisationId: ORG, limit: 5 });
    expect(
      audit.some((a) => a.action === 'membership-removed' && a.subject === 'lauri.leaving@example.fi'),
    ).toBe(true);

    const maija = await stores.people.findByEmail('maija.main@example.fi');
    const self = await main.browser.post(`${page()}/people/remove`, {
      csrf: main.csrf,
      personId: maija?.id ?? '',
    });
    expect(self.status).toBe(409);
    expect(text(self.body)).toContain('ainoa pääkäyttäjä');
    expect(await stores.people.memberships(maija?.id ?? '')).toEqual([
      { organisationId: ORG, role: 'education-main' },
    ]);
  });
});

describeEachStore('portal organisation JSON API', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store: kind });
  }, 60_000);
  afterAll(() => t?.close());

  it('serves the organisation operations with the session and its CSRF header, with the documented statuses', async () => {
    const main = await signedInBrowser(t, 'api.org.main@example.fi', 'education-main', ORG);
    const cookie = main.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
    const call = async (method: string, path: string, body?: unknown, csrf = true) => {
      const res = await fetch(`${t.baseUrl}/portal/api/v1${path}`, {
        method,
        headers: {
          cookie: `passi_portal=${cookie}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(csrf ? { 'x-csrf-token': main.csrf } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const org = await call('GET', `/organisations/${ORG}`);
    expect(org.status).toBe(200);
    expect(org.json).toMatchObject({ organisationId: ORG, acceptedTerms: [] });

    const contacts = {
      contacts: [{ kind: 'technical', name: 'Api Tekninen', email: 'api.tech@example.fi' }],
    };
    expect((await call('POST', `/organisations/${ORG}/contacts`, contacts, false)).status).toBe(403);
    expect(await call('POST', `/organisations/${ORG}/contacts`, contacts)).toEqual({
      status: 200,
      json: { changed: true },
    });
    const noTech = await call('POST', `/organisations/${ORG}/contacts`, {
      contacts: [{ kind: 'security', name: 'S', email: 's@example.fi' }],
    });
    expect(noTech.status).toBe(400);
    expect(noTech.json).toMatchObject({ error: { code: 'PASSI_PORTAL_TECHNICAL_CONTACT_REQUIRED' } });

    const invited = await call('POST', `/organisations/${ORG}/people`, {
      email: 'api.viewer@example.fi',
      role: 'education-viewer',
    });
    expect(invited).toEqual({ status: 201, json: { result: 'invited' } });
    const people = await call('GET', `/organisations/${ORG}/people`);
    const viewer = (people.json.people as { email: string; status: string; personId: string }[]).find(
      (p) => p.email === 'api.viewer@example.fi',
    );
    expect(viewer?.status).toBe('invited');
    expect(await call('DELETE', `/organisations/${ORG}/people/${viewer?.personId}`)).toEqual({
      status: 200,
      json: { removed: true, sessionsEnded: 0 },
    });

    const audit = await call('GET', `/organisations/${ORG}/audit?page=1`);
    expect(audit.status).toBe(200);
    const entries = audit.json.entries as { action: string; changes: { path: string; after?: string }[] }[];
    expect(entries[0]?.action).toBe('membership-removed');
    expect(entries.flatMap((e) => e.changes)).toContainEqual({
      path: 'contacts[0].name',
      before: '(unset)',
      after: '"Api Tekninen"',
    });
    expect((await call('GET', `/organisations/${ORG}/audit?page=0`)).status).toBe(400);
    expect((await call('GET', '/operator/organisations')).status).toBe(403);
    const operator = await signedInBrowser(t, 'api.operator@example.fi', 'operator', 'passi');
    const operatorCookie = operator.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
    const all = await fetch(`${t.baseUrl}/portal/api/v1/operator/organisations`, {
      headers: { cookie: `passi_portal=${operatorCookie}` },
    });
    expect(all.status).toBe(200);
    expect(((await all.json()) as { organisations: unknown[] }).organisations).toHaveLength(2);
  });
});
