/**
 * A SAML integration is usable as soon as it is imported: the import loads the school IdP's metadata at
 * once and says in its answer whether that worked; a node that learns of the change through the registry
 * change notification loads it too, without waiting for the periodic refresh; and a login that still
 * finds no metadata gets a page that says so (fi/sv/en, error id), not "An unexpected error happened".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/i18n/messages.ts';
import { expectErrorPage } from '../saml-idp/support/saml-checks.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from './support/school-idp.ts';

const TOKEN = 'test-admin-token-0123456789abcdef0123';

const adfs = (id: string, flowName: string, metadataUrl: string) => `
integrations:
  - id: "${id}"
    organisationOid: 1.2.246.562.99.00000000001
    type: adfs
    flowName: ${flowName}
    settings: { kind: saml, metadataUrl: "${metadataUrl}" }
    discovery: { displayName: { fi: ${flowName}, en: ${flowName} } }
`;

interface ImportAnswer {
  changes: { action: string; id: string }[];
  metadata: { integrationId: string; error?: string }[];
}

describe('SAML metadata is loaded when an integration is imported', () => {
  let t: TestApp;
  let idp: SchoolIdp;
  let idp2: SchoolIdp;
  beforeAll(async () => {
    t = await createTestApp({ config: { adminToken: TOKEN } });
    idp = await startSchoolIdp({ shape: 'adfs', spMetadataUrl: () => `${t.baseUrl}/sp/metadata` });
    idp2 = await startSchoolIdp({
      shape: 'generic',
      keyLabel: 'school-idp-notified',
      spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
    await idp2?.close();
  });

  const adminImport = (body: string) =>
    fetch(`${t.baseUrl}/admin/api/registry/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/yaml' },
      body,
    });
  const login = (flowName: string, lang = 'en') =>
    new BrowserlessClient().getFollow(`${t.baseUrl}/test-service/saml/login?lang=${lang}&flow=${flowName}`);

  it('the admin API import loads it at once: the first login reaches the school IdP', async () => {
    const res = await adminImport(adfs('4000401', 'UusiAdfs', idp.metadataUrl));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as ImportAnswer;
    expect(answer.changes.map((c) => `${c.action} ${c.id}`)).toEqual(['create 4000401']);
    expect(answer.metadata).toEqual([{ integrationId: '4000401' }]);
    const idpPage = await login('UusiAdfs');
    expect(idpPage.status, idpPage.body.slice(0, 300)).toBe(200);
    expect(idpPage.url.startsWith(idp.baseUrl)).toBe(true);
    expect(idp.lastRequest?.acs).toBe(`${t.baseUrl}/sp/UusiAdfs/acs`);
  });

  it('a metadata fetch failure is reported in the answer; the change is still applied', async () => {
    const res = await adminImport(adfs('4000402', 'RikkiAdfs', 'http://127.0.0.1:1/FederationMetadata.xml'));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as ImportAnswer;
    expect(answer.changes.map((c) => `${c.action} ${c.id}`)).toEqual(['create 4000402']);
    expect(answer.metadata).toHaveLength(1);
    expect(answer.metadata[0]?.integrationId).toBe('4000402');
    expect(answer.metadata[0]?.error).toMatch(/fetch failed|ECONNREFUSED/);
    expect((await t.services.registry.current()).integrations.has('4000402')).toBe(true);
  });

  it('a dry run loads nothing', async () => {
    const res = await fetch(`${t.baseUrl}/admin/api/registry/import?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/yaml' },
      body: adfs('4000403', 'KuivaAdfs', idp.metadataUrl),
    });
    expect(((await res.json()) as ImportAnswer).metadata).toEqual([]);
    expect(await t.services.upstreamMetadata.status('4000403')).toBeUndefined();
  });

  it.each(['fi', 'sv', 'en'] as const)(
    'a login at a school whose metadata could not be loaded gets a page that says so (%s)',
    async (lang) => {
      const page = await login('RikkiAdfs', lang);
      expectErrorPage(page, 503, 'PASSI_UPSTREAM_METADATA_UNAVAILABLE');
      expect(page.body).toContain(messages(lang)['error.schoolMetadata']);
      expect(page.body).not.toContain(messages(lang)['error.generic']);
    },
  );

  it('a registry change made elsewhere (change notification) makes the node load the metadata at once', async () => {
    // As another node's or an older tool's import: the registry only, no metadata loading of its own.
    await t.importYaml(adfs('4000404', 'IlmoitettuSaml', idp2.metadataUrl));
    const deadline = Date.now() + 20_000;
    while (!(await t.services.upstreamMetadata.status('4000404')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect((await t.services.upstreamMetadata.status('4000404'))?.entityId).toBe(idp2.entityId);
    const idpPage = await login('IlmoitettuSaml');
    expect(idpPage.status, idpPage.body.slice(0, 300)).toBe(200);
    expect(idpPage.url.startsWith(idp2.baseUrl)).toBe(true);
  });
});
