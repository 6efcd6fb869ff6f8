import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRA_OBJECT_ID_CLAIM,
  ENTRA_TENANT_ID_CLAIM,
} from '../../src/upstream/entra/entra-saml-connector.ts';
import { oidcServiceClaims } from '../support/oidc-service-result.ts';
import { expectSchoolAnswerRefusedPage } from '../support/return-address-page.ts';
import { type FakeGraph, startFakeGraph } from './support/fake-graph.ts';
import { type SamlSpWorld, startSamlSpWorld } from './support/saml-sp-setup.ts';

const TENANT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'entra-client-secret-for-tests';
const OID = '6b7c8d9e-0000-4111-8222-933344455566';

/**
 * Entra ID over SAML: the SAML login at an Entra-shaped IdP (issuer
 * `https://sts.windows.net/<tenant>/`, claim URIs), then the user's attributes from (a fake of) Microsoft
 * Graph with the school's app registration, merged into the raw attributes the data model reads.
 */
describe('Entra ID over SAML + Microsoft Graph', () => {
  let w: SamlSpWorld;
  let graph: FakeGraph;
  beforeAll(async () => {
    graph = await startFakeGraph(TENANT, CLIENT, SECRET);
    w = await startSamlSpWorld([
      {
        id: '4000301',
        flowName: 'EntraKoulu',
        type: 'entra',
        shape: 'entra',
        settings: {
          tenantId: TENANT,
          clientId: CLIENT,
          loginBaseUrl: graph.baseUrl,
          graphBaseUrl: graph.baseUrl,
        },
        // As docs/integrations/entra.md says: the education fields from the tenant's extension attributes;
        // nickname, class level and charge left at their defaults, which are not Graph user properties.
        mapping: {
          learnerId: 'extension_0a1b_learnerId',
          schoolIds: 'extension_0a1b_schoolCode',
          roles: 'extension_0a1b_role',
          groups: 'extension_0a1b_class',
        },
        secrets: { clientSecret: SECRET },
        idp: { entityId: () => `https://sts.windows.net/${TENANT}/` },
      },
    ]);
    w.idp('EntraKoulu').user = {
      nameId: 'pairwise-nameid-xyz',
      attributes: {
        [ENTRA_TENANT_ID_CLAIM]: [TENANT],
        [ENTRA_OBJECT_ID_CLAIM]: [OID],
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': ['Saml'],
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': ['oppilas@koulu.example'],
      },
    };
    graph.users.set(OID, {
      id: OID,
      givenName: 'Graafi',
      surname: 'Oppilas',
      extension_0a1b_learnerId: '1.2.246.562.98.30000000001',
      extension_0a1b_schoolCode: '30076',
      extension_0a1b_role: 'Oppilas',
      extension_0a1b_class: '7A',
    });
  });
  afterAll(async () => {
    await w?.close();
    await graph?.close();
  });

  it('logs in over SAML, fetches the mapped Graph attributes by the objectidentifier, releases the data model', async () => {
    const { browser, idpPage } = await w.startLogin('EntraKoulu');
    expect(idpPage.status, idpPage.body).toBe(200);
    const result = await browser.submitForm(await browser.submitForm(idpPage));
    expect(result.url).toContain('/test-service/saml/acs');
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('1.2.246.562.98.30000000001');
    expect(result.body).toContain('Graafi');
    expect(result.body).toContain('urn:mpass.id:authnsource:EntraKoulu');
    expect(result.body).toContain('data-status="ok"');
    const select = graph.selects.at(-1) ?? [];
    expect(select).toContain('extension_0a1b_learnerId');
    expect(select).toContain('givenName');
    expect(select).toContain('extension_0a1b_class');
    // Defaults that are not Graph user properties are never asked for (Graph would answer 400).
    for (const name of ['nickName', 'classLevel', 'learningMaterialsCharge', 'userRole', 'class']) {
      expect(select).not.toContain(name);
    }
    expect(result.body).toContain('7A');
  });

  it('the same login for an OIDC service (openid-client): the data-model claims from Graph', async () => {
    const { browser, idpPage } = await w.startLogin('EntraKoulu', undefined, 'oidc');
    const claims = oidcServiceClaims(await browser.follow(await browser.submitForm(idpPage)), 'EntraKoulu');
    expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    expect(claims['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toEqual(['1.2.246.562.98.30000000001']);
    expect(claims.given_name).toEqual(['Graafi']);
    expect(graph.selects.at(-1)).toContain('extension_0a1b_learnerId');
  });

  it('Graph 401 → UPSTREAM_FAILED, reported to the service', async () => {
    const { browser, idpPage } = await w.startLogin('EntraKoulu', undefined, 'oidc');
    // The client retries a 401 once with a fresh token; the retry fails too.
    graph.failNext = { status: 401, times: 2 };
    const result = await browser.follow(await browser.submitForm(idpPage));
    expect(graph.failNext).toBeUndefined();
    expect(result.url).toContain('/test-service/oidc/callback');
    expect(result.body).toMatch(/access_denied|server_error|temporarily_unavailable/);
  });

  it('Graph 429 with a long Retry-After → UPSTREAM_FAILED at once, reported to the service', async () => {
    const { browser, idpPage } = await w.startLogin('EntraKoulu');
    graph.failNext = { status: 429, retryAfter: '120' };
    const passi = await browser.submitForm(idpPage);
    expect(passi.body).toContain('SAMLResponse');
    const result = await browser.submitForm(passi);
    expect(result.url).toContain('/test-service/saml/acs');
    expect(result.body).not.toContain('30076;Mansikkalan testi peruskoulu');
  });

  it('an assertion from another tenant is refused with a page that blames the answer, not the service', async () => {
    const idp = w.idp('EntraKoulu');
    const genuine = idp.user;
    idp.user = {
      ...genuine,
      attributes: {
        ...genuine?.attributes,
        [ENTRA_TENANT_ID_CLAIM]: ['99999999-1111-4222-8333-944455556666'],
      },
    };
    try {
      const { browser, idpPage } = await w.startLogin('EntraKoulu');
      const refused = await browser.submitForm(idpPage);
      expect(refused.headers.get('x-passi-error-code')).toBe('PASSI_UPSTREAM_ANSWER_INVALID');
      expectSchoolAnswerRefusedPage(refused.body);
    } finally {
      idp.user = genuine;
    }
  });

  it('uses the tenant federation metadata URL template when no metadata is configured', async () => {
    const { entraMetadataUrl, samlSpSettings } = await import('../../src/upstream/saml/saml-sp-settings.ts');
    const s = samlSpSettings({
      type: 'entra',
      settings: { kind: 'entra', tenantId: TENANT, clientId: CLIENT },
    });
    expect(s.metadata).toEqual({ kind: 'url', url: entraMetadataUrl(TENANT) });
    expect(entraMetadataUrl(TENANT)).toBe(
      `https://login.microsoftonline.com/${TENANT}/FederationMetadata/2007-06/FederationMetadata.xml`,
    );
  });
});
