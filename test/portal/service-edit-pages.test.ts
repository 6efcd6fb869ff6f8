/**
 * Changing a service on its page through the real app without JavaScript (docs/portal.md "Services"): the
 * main user saves the form, the OIDC login then refuses the inactive service, and a save based on an older
 * page is refused (409) naming who changed it meanwhile; nothing of the stale form is stored. The access
 * (open / by agreement) and the service sets change on the same form; another organisation's set is refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalDeps } from '../../src/portal/commands/portal-deps.ts';
import { updateService } from '../../src/portal/commands/update-service.ts';
import { serviceSchema } from '../../src/registry/service-schema.ts';
import { type BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signedInBrowser } from './portal-support.ts';

const SP = '1.2.246.562.99.00000000077';
const SERVICE = 'edit-page-rp';
const CLIENT = 'edit-page-client-id';
const OTHER = '1.2.246.562.99.00000000078';
const page = `/portal/organisation/${SP}/services/${SERVICE}`;
const text = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const editForm = (p: BrowserResponse) => {
  const index = parseForms(p.body).findIndex((f) => f.fields.revision !== undefined);
  if (index < 0) throw new Error(`no edit form on ${p.url} (${p.status}): ${text(p.body).slice(0, 300)}`);
  return index;
};

describe('portal: editing a service', () => {
  let t: TestApp;
  let main: BrowserlessClient;
  beforeAll(async () => {
    t = await createTestApp();
    await t.services.repo.upsertMany(
      [
        { kind: 'organisation', doc: { oid: SP, name: { fi: 'Muokkausyhtiö' }, roles: ['serviceProvider'] } },
        { kind: 'serviceSet', doc: { id: 'edit-page-set', name: { fi: 'Joukko' }, organisationOid: SP } },
        {
          kind: 'serviceSet',
          doc: { id: 'edit-page-set-2', name: { en: 'Second set' }, organisationOid: SP },
        },
        {
          kind: 'organisation',
          doc: { oid: OTHER, name: { fi: 'Toinen yhtiö' }, roles: ['serviceProvider'] },
        },
        { kind: 'serviceSet', doc: { id: 'other-org-set', name: { fi: 'Vieras' }, organisationOid: OTHER } },
        {
          kind: 'service',
          doc: serviceSchema.parse({
            id: SERVICE,
            organisationOid: SP,
            name: { fi: 'Muokattava' },
            serviceSets: ['edit-page-set'],
            protocol: 'oidc',
            oidc: { clientId: CLIENT, redirectUris: ['https://rp.example.org/cb'] },
            clientSecret: randomUUID() + randomUUID(),
          }),
        },
      ],
      'test',
    );
    main = (await signedInBrowser(t, 'palvelu@example.fi', 'service-main', SP)).browser;
  });
  afterAll(async () => {
    await t?.close();
  });

  const deps = (): PortalDeps => ({
    db: t.services.db,
    box: t.services.box,
    clock: t.services.clock,
    mailer: { send: async () => {} },
    publicUrl: t.baseUrl,
    registry: { cache: t.services.registry, repo: t.services.repo },
  });
  const authorize = () =>
    fetch(
      `${t.baseUrl}/idp/profile/oidc/authorize?${new URLSearchParams({
        client_id: CLIENT,
        redirect_uri: 'https://rp.example.org/cb2',
        response_type: 'code',
        scope: 'openid',
        state: 'edit-page-state',
        nonce: 'edit-page-nonce',
      })}`,
      { redirect: 'manual' },
    );

  it('the main user renames the service, changes its redirect URI and deactivates it; the login refuses it', async () => {
    const form = await main.get(`${t.baseUrl}${page}?lang=en`);
    expect(form.status).toBe(200);
    const index = editForm(form);
    expect(parseForms(form.body)[index]?.fields.revision).toBe('1');
    const saved = await main.submitForm(
      form,
      { name_en: 'Edited service', redirectUris: 'https://rp.example.org/cb2', status: 'inactive' },
      index,
    );
    expect(saved.status).toBe(200);
    expect(saved.url).toContain('saved=1');
    expect(text(saved.body)).toContain('The changes are saved.');
    const stored = await t.services.repo.find('service', SERVICE);
    expect(stored?.revision).toBe(2);
    expect(stored?.doc).toMatchObject({
      name: { fi: 'Muokattava', en: 'Edited service' },
      status: 'inactive',
      oidc: { redirectUris: ['https://rp.example.org/cb2'] },
    });
    // status !== 'active': the client is unknown to the OP, so nothing is sent to the redirect URI.
    const refused = await authorize();
    expect(refused.headers.get('location') ?? '').not.toContain('rp.example.org');
    expect(refused.status).toBeGreaterThanOrEqual(400);
  });

  it('a save based on an older page is refused (409) naming who changed it; nothing of it is stored', async () => {
    const form = await main.get(`${t.baseUrl}${page}?lang=en`);
    const index = editForm(form);
    expect(parseForms(form.body)[index]?.fields.revision).toBe('2');
    await updateService(
      deps(),
      {
        personId: 'x',
        email: 'toinen@example.fi',
        displayName: 'Toinen',
        organisationId: SP,
        role: 'service-main',
        via: 'token',
      },
      SP,
      SERVICE,
      { expectedRevision: 2, status: 'active' },
      '192.0.2.1',
    );
    // The test client does not read textareas; a browser would send the shown redirect URI back.
    const stale = await main.submitForm(
      form,
      { name_en: 'Stale name', status: 'inactive', redirectUris: 'https://rp.example.org/cb2' },
      index,
    );
    expect(stale.status, text(stale.body).slice(0, 600)).toBe(409);
    expect(text(stale.body)).toContain('portal:toinen@example.fi');
    expect(text(stale.body)).toContain('Reload the page');
    expect(stale.body).toContain('href="#edit-name-fi"');
    const stored = await t.services.repo.find('service', SERVICE);
    expect(stored?.revision).toBe(3);
    expect(stored?.doc).toMatchObject({ name: { en: 'Edited service' }, status: 'active' });
    // Reactivated: the same authorization request is no longer refused.
    expect((await authorize()).status).toBeLessThan(400);
  });

  it('the main user makes the service by agreement and moves it to another set of the organisation', async () => {
    const form = await main.get(`${t.baseUrl}${page}?lang=sv`);
    const index = editForm(form);
    const fields = parseForms(form.body)[index]?.fields;
    expect(fields).toMatchObject({ access: 'open', serviceSetIds: 'edit-page-set' });
    expect(text(form.body)).toContain('Med avtal');
    expect(text(form.body)).toContain('först när tjänsteleverantören har godkänt begäran');
    const saved = await main.submitForm(
      form,
      { access: 'agreement', serviceSetIds: 'edit-page-set-2', redirectUris: 'https://rp.example.org/cb2' },
      index,
    );
    expect(saved.status, text(saved.body).slice(0, 600)).toBe(200);
    expect(saved.url).toContain('saved=1');
    const stored = await t.services.repo.find('service', SERVICE);
    expect(stored?.doc).toMatchObject({ access: 'agreement', serviceSets: ['edit-page-set-2'] });
    // The page shows what is stored: the radio and the checkbox follow.
    expect(parseForms(saved.body)[editForm(saved)]?.fields).toMatchObject({
      access: 'agreement',
      serviceSetIds: 'edit-page-set-2',
    });
  });

  it('a change of access based on an older page is refused (409); nothing of it is stored', async () => {
    const form = await main.get(`${t.baseUrl}${page}?lang=en`);
    const index = editForm(form);
    const before = await t.services.repo.find('service', SERVICE);
    if (!before) throw new Error('the service is gone');
    await t.services.repo.upsertMany(
      [{ kind: 'service', doc: { ...before.doc, name: { en: 'Renamed meanwhile' } } }],
      'portal:kolmas@example.fi',
    );
    const stale = await main.submitForm(
      form,
      { access: 'open', serviceSetIds: 'edit-page-set', redirectUris: 'https://rp.example.org/cb2' },
      index,
    );
    expect(stale.status, text(stale.body).slice(0, 600)).toBe(409);
    expect(text(stale.body)).toContain('Reload the page');
    expect(text(stale.body)).toContain('kolmas@example.fi');
    expect((await t.services.repo.find('service', SERVICE))?.doc).toMatchObject({
      access: 'agreement',
      serviceSets: ['edit-page-set-2'],
    });
  });

  it("another organisation's service set, or none, is refused with the reason on the form", async () => {
    const form = await main.get(`${t.baseUrl}${page}?lang=en`);
    const index = editForm(form);
    const revision = (await t.services.repo.find('service', SERVICE))?.revision;
    const foreign = await main.submitForm(
      form,
      { serviceSetIds: 'other-org-set', redirectUris: 'https://rp.example.org/cb2' },
      index,
    );
    expect(foreign.status, text(foreign.body).slice(0, 600)).toBe(400);
    expect(text(foreign.body)).toContain('is not a service set of this organisation');
    expect(foreign.body).toContain('href="#edit-sets"');
    // No checkbox ticked: the browser sends no serviceSetIds at all.
    const { serviceSetIds: _none, ...withoutSets } = parseForms(form.body)[index]?.fields ?? {};
    const none = await main.postFollow(new URL(`${page}?lang=en`, t.baseUrl).toString(), {
      ...withoutSets,
      redirectUris: 'https://rp.example.org/cb2',
    });
    expect(none.status).toBe(400);
    expect(text(none.body)).toContain('Choose at least one service set.');
    const stored = await t.services.repo.find('service', SERVICE);
    expect(stored?.revision).toBe(revision);
    expect(stored?.doc.serviceSets).toEqual(['edit-page-set-2']);
  });
});
