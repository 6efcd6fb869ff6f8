/**
 * Changing a service on its page through the real app without JavaScript (docs/portal.md "Services"): the
 * main user saves the form, the OIDC login then refuses the inactive service, and a save based on an older
 * page is refused (409) naming who changed it meanwhile; nothing of the stale form is stored.
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
});
