import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS } from '../../src/protocols/saml/namespaces.ts';
import { oidcServiceClaims } from '../support/oidc-service-result.ts';
import { adfsStudent, type SamlSpWorld, startSamlSpWorld } from './support/saml-sp-setup.ts';
import { samlSentToService } from './support/service-received.ts';

/**
 * End to end: a service (the attribute test service: SAML via node-saml, OIDC via
 * openid-client) → Passi → a school SAML IdP shaped like ADFS, Google Workspace or a generic IdP →
 * Passi → the service receives the data-model attributes.
 */
describe('SAML SP: ADFS, Google and generic SAML IdPs end to end', () => {
  let w: SamlSpWorld;
  beforeAll(async () => {
    w = await startSamlSpWorld([
      {
        id: '4000101',
        flowName: 'AdfsKoulu',
        type: 'adfs',
        shape: 'adfs',
        settings: { requireSignedResponse: true },
      },
      { id: '4000102', flowName: 'GoogleKoulu', type: 'google', shape: 'google' },
      { id: '4000103', flowName: 'SamlKoulu', type: 'saml', shape: 'generic' },
    ]);
    w.idp('AdfsKoulu').user = { nameId: 'adfs-nameid-1', attributes: adfsStudent(1) };
    w.idp('GoogleKoulu').user = { nameId: 'student2@koulu.example', attributes: adfsStudent(2) };
    w.idp('SamlKoulu').user = { nameId: 'generic-3', attributes: adfsStudent(3) };
  });
  afterAll(() => w?.close());

  it('ADFS: signed AuthnRequest, encrypted (AES-CBC inside a signed Response) assertion → SAML service', async () => {
    const { browser, idpPage } = await w.startLogin('AdfsKoulu');
    expect(idpPage.status, idpPage.body).toBe(200);
    const seen = w.idp('AdfsKoulu').lastRequest;
    expect(seen?.signed).toBe(true);
    expect(seen?.acs).toBe(`${w.t.baseUrl}/sp/AdfsKoulu/acs`);
    expect(seen?.issuer).toBe(`${w.t.baseUrl}/sp`);
    expect(idpPage.body).toContain('SAMLResponse');
    const passiPost = await browser.submitForm(idpPage);
    expect(passiPost.status, passiPost.body).toBe(200);
    const result = await browser.submitForm(passiPost);
    expect(result.url).toContain('/test-service/saml/acs');
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('1.2.246.562.98.20000000001');
    expect(result.body).toContain('urn:mpass.id:authnsource:AdfsKoulu');
    expect(result.body).toContain('data-status="ok"');
    expect(result.body).not.toContain('data-status="error"');
  });

  it('ADFS → OIDC service (openid-client) receives the same data-model claims', async () => {
    const { browser, idpPage } = await w.startLogin('AdfsKoulu', undefined, 'oidc');
    const passiPost = await browser.submitForm(idpPage);
    const result = await browser.follow(passiPost);
    expect(result.url).toContain('/test-service/oidc/callback');
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('urn:mpass.id:authnsource:AdfsKoulu');
  });

  it.each([
    ['Google Workspace', 'GoogleKoulu', '1.2.246.562.98.20000000002'],
    ['generic SAML IdP', 'SamlKoulu', '1.2.246.562.98.20000000003'],
  ])('%s → OIDC service (openid-client) receives the data-model claims', async (_shape, flow, learnerId) => {
    const { browser, idpPage } = await w.startLogin(flow, undefined, 'oidc');
    const claims = oidcServiceClaims(await browser.follow(await browser.submitForm(idpPage)), flow);
    expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    expect(claims['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toEqual([learnerId]);
  });

  it('Google Workspace: signed assertion, no encryption → SAML service', async () => {
    const { browser, idpPage } = await w.startLogin('GoogleKoulu');
    const result = await browser.submitForm(await browser.submitForm(idpPage));
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
    expect(result.body).toContain('urn:mpass.id:authnsource:GoogleKoulu');
  });

  it('generic SAML IdP: AES-GCM encrypted assertion, answered at the MPASSid-style alias ACS', async () => {
    const idp = w.idp('SamlKoulu');
    const { browser } = await w.startLogin('SamlKoulu');
    const seen = idp.lastRequest;
    if (!seen) throw new Error('no request');
    const alias = `${w.t.baseUrl}/SamlKoulu/Shibboleth.sso/SAML2/POST`;
    const xml = await idp.buildResponse({ id: seen.id, acs: alias }, { encryption: 'gcm' });
    const passiPost = await browser.post(alias, { SAMLResponse: Buffer.from(xml).toString('base64') });
    expect(passiPost.status, passiPost.body).toBe(200);
    const result = await browser.submitForm(passiPost);
    expect(result.body).toContain('30076;Mansikkalan testi peruskoulu');
  });

  it('the user cancels at the school IdP → the service gets a protocol error, not a page at Passi', async () => {
    const idp = w.idp('GoogleKoulu');
    idp.next = { status: { code: STATUS.responder, sub: STATUS.requestDenied } };
    const { browser, idpPage } = await w.startLogin('GoogleKoulu');
    const passiPost = await browser.submitForm(idpPage);
    expect(passiPost.body).toContain('SAMLResponse'); // back to the service
    // Reported as a cancellation (UPSTREAM_CANCELLED), not as any failure.
    expect(samlSentToService(passiPost).xml).toMatch(
      /<samlp:StatusMessage>the user cancelled the login at the school \(/,
    );
    const result = await browser.submitForm(passiPost);
    expect(result.url).toContain('/test-service/saml/acs');
    expect(result.body).toMatch(/RequestDenied|AuthnFailed|Responder|failed/i);
  });

  it('an IdP error (AuthnFailed) → the service gets a protocol error (UPSTREAM_FAILED)', async () => {
    const idp = w.idp('SamlKoulu');
    idp.next = { status: { code: STATUS.responder, sub: STATUS.authnFailed } };
    const { browser, idpPage } = await w.startLogin('SamlKoulu', undefined, 'oidc');
    const result = await browser.follow(await browser.submitForm(idpPage));
    expect(result.url).toContain('/test-service/oidc/callback');
    expect(result.body).toMatch(/access_denied|server_error|temporarily_unavailable|login_required/);
  });

  it('publishes signed SP metadata with every integration’s ACS and the aliases', async () => {
    for (const path of ['/sp/metadata', '/Shibboleth.sso/Metadata']) {
      const res = await fetch(`${w.t.baseUrl}${path}`);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain(`entityID="${w.t.baseUrl}/sp"`);
      for (const flow of ['AdfsKoulu', 'GoogleKoulu', 'SamlKoulu']) {
        expect(xml).toContain(`Location="${w.t.baseUrl}/sp/${flow}/acs"`);
        expect(xml).toContain(`Location="${w.t.baseUrl}/${flow}/Shibboleth.sso/SAML2/POST"`);
      }
      expect(xml).toContain('use="encryption"');
      expect(xml).toContain('use="signing"');
      expect(xml).toContain('<ds:Signature');
    }
    const one = await (await fetch(`${w.t.baseUrl}/sp/AdfsKoulu/metadata`)).text();
    expect(one).toContain(`/sp/AdfsKoulu/acs`);
    expect(one).not.toContain('GoogleKoulu');
    expect((await fetch(`${w.t.baseUrl}/sp/NoSuchFlow/metadata`)).status).toBe(404);
  });
});
