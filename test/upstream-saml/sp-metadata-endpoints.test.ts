/**
 * Passi's SP metadata (SAML Metadata §2.4.4) lists only ACS addresses that exist: one pair per SAML
 * integration (/sp/<flowName>/acs and the Shibboleth-style alias), none for an Entra integration that logs
 * in over OIDC, and no stand-in address before the first SAML integration exists.
 */
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../../src/protocols/saml/namespaces.ts';
import { expectErrorPage } from '../saml-idp/support/saml-checks.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const acsLocations = (xml: string): string[] => {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const list = doc.getElementsByTagNameNS(NS.md, 'AssertionConsumerService');
  return Array.from({ length: list.length }, (_, i) => list.item(i)?.getAttribute('Location') ?? '');
};

describe('SP metadata before any SAML integration exists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it.each(['/sp/metadata', '/Shibboleth.sso/Metadata'])(
    '%s answers 404 with the reason instead of listing an ACS that does not exist',
    async (path) => {
      const page = await new BrowserlessClient().get(`${t.baseUrl}${path}`);
      expectErrorPage(page, 404, 'PASSI_NOT_FOUND');
      expect(page.body).not.toContain('/sp/default/acs');
    },
  );

  it('the address that used to stand in is indeed not an endpoint', async () => {
    const res = await fetch(`${t.baseUrl}/sp/default/acs`, { method: 'POST', body: new URLSearchParams() });
    expect(res.status).toBe(404);
  });
});

describe('SP metadata with SAML integrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      registry: `
integrations:
  - id: "4000301"
    organisationOid: 1.2.246.562.99.00000000001
    type: adfs
    flowName: AdfsKoulu
    settings: { kind: saml, metadataUrl: "http://127.0.0.1:1/metadata" }
  - id: "4000302"
    organisationOid: 1.2.246.562.99.00000000001
    type: entra
    flowName: EntraOidc
    settings:
      kind: entra
      login: oidc
      tenantId: 3f1c2a3b-1111-4222-8333-944455556666
      clientId: 0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff
`,
    });
  });
  afterAll(() => t?.close());

  it('lists the ACS of each SAML login and nothing else', async () => {
    const xml = await (await fetch(`${t.baseUrl}/sp/metadata`)).text();
    expect(acsLocations(xml)).toEqual([
      `${t.baseUrl}/sp/AdfsKoulu/acs`,
      `${t.baseUrl}/AdfsKoulu/Shibboleth.sso/SAML2/POST`,
    ]);
  });

  it('every listed ACS is an endpoint (an empty POST is refused there, not unknown)', async () => {
    const xml = await (await fetch(`${t.baseUrl}/sp/metadata`)).text();
    for (const location of acsLocations(xml)) {
      const res = await fetch(location, { method: 'POST', body: new URLSearchParams() });
      expect(res.status, location).not.toBe(404);
    }
  });

  it('an Entra integration that logs in over OIDC has no SAML ACS or SP metadata of its own', async () => {
    const client = new BrowserlessClient();
    expectErrorPage(await client.get(`${t.baseUrl}/sp/EntraOidc/metadata`), 404, 'PASSI_NOT_FOUND');
    const res = await fetch(`${t.baseUrl}/sp/EntraOidc/acs`, { method: 'POST', body: new URLSearchParams() });
    expect(res.status).toBe(404);
  });
});
