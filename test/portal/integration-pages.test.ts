/**
 * The integration pages through the real app without JavaScript (docs/portal.md "Integrations"): a main
 * user creates a Wilma and a SAML integration with plain forms, sees errors by field, a stale edit is
 * refused naming who changed it, a viewer only reads, and a SAML integration logs in right after its save.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateIntegration } from '../../src/portal/commands/integrations/update-integration.ts';
import type { PortalDeps } from '../../src/portal/commands/portal-deps.ts';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';
import { signedInBrowser } from './portal-support.ts';

const ORG = '1.2.246.562.99.00000000001';
const list = `/portal/organisation/${ORG}/integrations`;
const text = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

/** The integration form of a page (the layout has forms of its own). */
function integrationForm(page: BrowserResponse) {
  const index = parseForms(page.body).findIndex(
    (f) => f.action.includes('/integrations/') && !/\/(test-login|production)\b/.test(f.action),
  );
  if (index < 0)
    throw new Error(`no integration form on ${page.url} (${page.status}): ${text(page.body).slice(0, 300)}`);
  return index;
}

describe('portal: integration pages', () => {
  let t: TestApp;
  let idp: SchoolIdp;
  let main: BrowserlessClient;
  beforeAll(async () => {
    t = await createTestApp();
    idp = await startSchoolIdp({
      shape: 'generic',
      keyLabel: 'portal-wizard-idp',
      spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
    });
    main = (await signedInBrowser(t, 'paakayttaja@example.fi', 'education-main', ORG)).browser;
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  const deps = (): PortalDeps => ({
    db: t.services.db,
    box: t.services.box,
    clock: t.services.clock,
    mailer: { send: async () => {} },
    publicUrl: t.baseUrl,
    registry: { cache: t.services.registry, repo: t.services.repo },
  });

  it('a main user creates a Wilma integration: step 1 shows the return address to enter in Wilma', async () => {
    const orgPage = await main.get(`${t.baseUrl}/portal/organisation/${ORG}`);
    expect(orgPage.body).toContain(`href="${list}"`);
    const listPage = await main.get(`${t.baseUrl}${list}`);
    expect(listPage.status).toBe(200);
    expect(listPage.body).toContain(`href="${list}/new?type=wilma"`);
    const wizard = await main.get(`${t.baseUrl}${list}/new?type=wilma&lang=en`);
    expect(wizard.status).toBe(200);
    const flowName = parseForms(wizard.body)[integrationForm(wizard)]?.fields.flowName ?? '';
    expect(flowName).toMatch(/^wilma-/);
    expect(wizard.body).toContain(`${t.baseUrl}/upstream/wilma/${flowName}/callback`);
    expect(wizard.body).toContain('href="/portal/docs/integrations/wilma.md"');
    // The type's default attribute names are filled in.
    expect(parseForms(wizard.body)[integrationForm(wizard)]?.fields['mapping.firstName']).toBe('first_name');

    const saved = await main.submitForm(
      wizard,
      {
        'settings.hostname': 'mansikkala.inschool.fi',
        'secrets.sharedSecret': 'wilma-shared-secret-0123456789',
        'discovery.displayName.fi': 'Mansikkalan Wilma',
      },
      integrationForm(wizard),
    );
    expect(saved.status).toBe(200);
    expect(saved.url).toMatch(new RegExp(`${list}/\\d{7}\\?saved=1`));
    expect(text(saved.body)).toContain('The integration was saved.');
    expect(saved.body).not.toContain('wilma-shared-secret');
    expect(text((await main.get(`${t.baseUrl}${list}`)).body)).toContain('Mansikkalan Wilma');
  });

  it('errors are listed in a summary linked to their fields and shown at the fields; nothing is saved', async () => {
    const before = (await t.services.repo.list('integration')).length;
    const wizard = await main.get(`${t.baseUrl}${list}/new?type=wilma`);
    const refused = await main.submitForm(
      wizard,
      { 'settings.hostname': 'https://mansikkala.inschool.fi/', 'secrets.sharedSecret': 'lyhyt' },
      integrationForm(wizard),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('href="#f-settings-hostname"');
    expect(refused.body).toContain('href="#f-secrets-sharedSecret"');
    expect(refused.body).toMatch(
      /id="f-settings-hostname"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-settings-hostname"/,
    );
    expect(text(refused.body)).toContain('Anna pelkkä palvelinnimi ilman https://');
    expect(refused.body).not.toContain('lyhyt');
    expect((await t.services.repo.list('integration')).length).toBe(before);
  });

  it('a SAML integration from a metadata address: the page shows the IdP’s entity id, and a login right after the save reaches the IdP', async () => {
    const wizard = await main.get(`${t.baseUrl}${list}/new?type=saml&lang=en`);
    expect(wizard.body).toContain(`${t.baseUrl}/sp`);
    const saved = await main.submitForm(
      wizard,
      { flowName: 'MansikkalaSaml', 'settings.metadataUrl': idp.metadataUrl },
      integrationForm(wizard),
    );
    expect(saved.status, text(saved.body).slice(0, 500)).toBe(200);
    expect(text(saved.body)).toContain(idp.entityId);
    const login = await new BrowserlessClient().getFollow(
      `${t.baseUrl}/test-service/saml/login?lang=en&flow=MansikkalaSaml`,
    );
    expect(login.status, login.body.slice(0, 300)).toBe(200);
    expect(login.url.startsWith(idp.baseUrl)).toBe(true);
  });

  it('an edit based on an older revision is refused, naming who changed it meanwhile', async () => {
    const id =
      (await t.services.repo.list('integration')).find((i) => i.doc.flowName === 'MansikkalaSaml')?.id ?? '';
    const page = await main.get(`${t.baseUrl}${list}/${id}?lang=en`);
    const form = integrationForm(page);
    expect(parseForms(page.body)[form]?.fields.revision).toBe('1');
    await updateIntegration(
      deps(),
      {
        personId: 'x',
        email: 'toinen@example.fi',
        displayName: 'Toinen',
        organisationId: ORG,
        role: 'education-main',
        via: 'token',
      },
      ORG,
      id,
      {
        settings: { metadataUrl: idp.metadataUrl },
        secrets: {},
        mapping: {},
        discovery: { displayName: { fi: 'Toisen nimi' } },
        allowedServices: [],
      },
      '192.0.2.1',
    );
    const stale = await main.submitForm(
      page,
      { 'settings.metadataUrl': idp.metadataUrl, 'discovery.displayName.fi': 'Minun nimeni' },
      form,
    );
    expect(stale.status).toBe(409);
    expect(text(stale.body)).toContain('portal:toinen@example.fi');
    expect(text(stale.body)).toContain('Reload the page');
    const stored = await t.services.repo.find('integration', id);
    expect(stored?.doc.discovery.displayName).toEqual({ fi: 'Toisen nimi' });
    expect(stored?.revision).toBe(2);
  });

  it('a viewer reads the list and the integration but gets no forms; the wizard is refused (403)', async () => {
    const viewer = (await signedInBrowser(t, 'katselija@example.fi', 'education-viewer', ORG)).browser;
    const listPage = await viewer.get(`${t.baseUrl}${list}`);
    expect(listPage.status).toBe(200);
    expect(listPage.body).not.toContain('/new?type=');
    const id =
      (await t.services.repo.list('integration')).find((i) => i.doc.organisationOid === ORG)?.id ?? '';
    const page = await viewer.get(`${t.baseUrl}${list}/${id}`);
    expect(page.status).toBe(200);
    expect(parseForms(page.body).some((f) => f.action.includes('/integrations/'))).toBe(false);
    // The test login and production sections are on the page too, read-only.
    expect(page.body).toContain('id="test-login"');
    expect((await viewer.get(`${t.baseUrl}${list}/new?type=wilma`)).status).toBe(403);
  });
});
