/**
 * An independent school-side implementation: samlify 2.13 as the school's SAML IdP
 * (a generic `type: saml` integration whose metadata is samlify's own, uploaded as `metadataXml`).
 * service (SAML or OIDC attribute test service) → Passi → signed AuthnRequest over HTTP-Redirect, parsed
 * and verified by samlify → samlify's signed (RSA-SHA256) assertion with MPASSid ADFS-style claim names →
 * Passi's ACS → the service receives the data-model attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { BrowserlessClient, type BrowserResponse } from '../support/browserless-client.ts';
import { oidcServiceClaims } from '../support/oidc-service-result.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { MANSIKKALA } from './support/saml-sp-setup.ts';
import { type SamlifySchoolIdp, type SamlifyUser, samlifySchoolIdp } from './support/samlify-idp.ts';
import { samlSentToService, serviceReport } from './support/service-received.ts';

const FLOW = 'SamlifyKoulu';
const IDP_ENTITY_ID = 'https://idp.samlify-koulu.test/saml2/idp';
const SSO_URL = 'https://idp.samlify-koulu.test/saml2/sso';

const student: SamlifyUser = {
  nameId: 'samlify-nameid-7',
  attributes: {
    mpassUserIdentity: 'samlify-user-7',
    firstName: 'Ääpeli & <Testi>',
    surname: 'Oppilas7',
    nickName: 'Kutsumanimi7',
    learnerId: '1.2.246.562.98.20000000007',
    schoolCode: '30076',
    userRole: 'Oppilas',
    class: '9F',
    classLevel: '9',
    learningMaterialsCharge: '1',
  },
};

describe('samlify as the school’s SAML IdP (generic SAML integration) end to end', () => {
  let t: TestApp;
  let idp: SamlifySchoolIdp;
  let spMetadata: string;

  beforeAll(async () => {
    idp = samlifySchoolIdp({ entityId: IDP_ENTITY_ID, ssoUrl: SSO_URL, wantAuthnRequestsSigned: true });
    const integration = {
      id: '4000177',
      organisationOid: MANSIKKALA,
      type: 'saml',
      flowName: FLOW,
      deploymentPhase: 'test',
      settings: {
        kind: 'saml',
        metadataXml: idp.metadataXml,
        entityId: IDP_ENTITY_ID,
        signAuthnRequests: true,
        requireSignedAssertion: true,
      },
      mapping: {},
      discovery: { displayName: { fi: FLOW, en: FLOW }, showSchools: true },
    };
    t = await createTestApp({ registry: JSON.stringify({ integrations: [integration] }) });
    const res = await fetch(`${t.baseUrl}/sp/${FLOW}/metadata`);
    expect(res.status).toBe(200);
    spMetadata = await res.text();
  });
  afterAll(() => t?.close());

  /** Follows Passi's redirects from the service's login until the browser is sent to the samlify IdP. */
  async function toSchoolIdp(face: 'saml' | 'oidc'): Promise<{ browser: BrowserlessClient; ssoUrl: string }> {
    const browser = new BrowserlessClient();
    let res: BrowserResponse = await browser.get(
      `${t.baseUrl}/test-service/${face}/login?lang=en&flow=${FLOW}`,
    );
    for (let i = 0; i < 10; i++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) break;
      const next = new URL(location, res.url).toString();
      if (next.startsWith(`${SSO_URL}?`)) return { browser, ssoUrl: next };
      res = await browser.get(next);
    }
    throw new Error(
      `Passi did not redirect to the samlify IdP (${res.status} at ${res.url}): ${res.body.slice(0, 300)}`,
    );
  }

  /** samlify answers; the browser POSTs the Response (and RelayState) to the ACS the AuthnRequest named. */
  async function answerAtAcs(
    face: 'saml' | 'oidc',
    mutate: (xml: string) => string = (xml) => xml,
  ): Promise<{ browser: BrowserlessClient; passiPage: BrowserResponse; xml: string }> {
    const { browser, ssoUrl } = await toSchoolIdp(face);
    const answer = await idp.answer(ssoUrl, spMetadata, student);
    expect(answer.request.signed).toBe(true);
    expect(answer.request.acs).toBe(`${t.baseUrl}/sp/${FLOW}/acs`);
    expect(answer.request.issuer).toBe(`${t.baseUrl}/sp`);
    const relayState = new URL(ssoUrl).searchParams.get('RelayState');
    const xml = mutate(answer.xml);
    const passiPage = await browser.post(answer.request.acs, {
      SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
      ...(relayState === null ? {} : { RelayState: relayState }),
    });
    return { browser, passiPage, xml };
  }

  it('samlify signs the assertion with RSA-SHA256 and escapes the values it is given', async () => {
    const { xml } = await answerAtAcs('saml');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml).toMatch(/<saml:Assertion [^>]*>.*<ds:Signature/s);
    expect(xml).toContain('Ääpeli &amp; &lt;Testi&gt;');
  });

  it('→ SAML service (node-saml) receives the data-model attributes', async () => {
    const { browser, passiPage } = await answerAtAcs('saml');
    expect(passiPage.status, passiPage.body.slice(0, 500)).toBe(200);
    const toService = samlSentToService(passiPage);
    expect(toService.attributes['urn:mpass.id:schoolCode']).toEqual(['30076']);
    const result = await browser.submitForm(passiPage);
    expect(result.url).toContain('/test-service/saml/acs');
    expect(result.body).toContain(`urn:mpass.id:authnsource:${FLOW}`);
    const report = serviceReport(result);
    expect(report.released.schoolCode).toEqual(['30076']);
    expect(report.released.schoolInfo).toContain('30076;Mansikkalan testi peruskoulu');
    expect(report.released.firstName).toEqual(['Ääpeli & <Testi>']);
    expect(report.released.learnerId).toEqual(['1.2.246.562.98.20000000007']);
    expect(report.released.role).toHaveLength(1);
    const role = report.released.role?.[0] ?? '';
    expect(role.split(';')).toHaveLength(7);
    expect(role).toMatch(/^1\.2\.246\.562\.[\d.]+;30076;9F;Oppilas;1;1\.2\.246\.562\.[\d.]+;/);
  });

  it('→ OIDC service (openid-client) receives the same data-model claims', async () => {
    const { browser, passiPage } = await answerAtAcs('oidc');
    const claims = oidcServiceClaims(await browser.follow(passiPage), FLOW);
    expect(claims['urn:mpass.id:schoolInfo']).toContain('30076;Mansikkalan testi peruskoulu');
    expect(claims['urn:oid:1.3.6.1.4.1.16161.1.1.27']).toEqual(['1.2.246.562.98.20000000007']);
    expect(claims['urn:mpass.id:schoolCode']).toEqual(['30076']);
  });

  it('a value changed after samlify signed the assertion is refused with an error page', async () => {
    const { passiPage } = await answerAtAcs('saml', (xml) => {
      const tampered = xml.replace('>Oppilas7<', '>Oppilas8<');
      expect(tampered).not.toBe(xml);
      return tampered;
    });
    expect(passiPage.status).toBe(400);
    expect(passiPage.headers.get('x-passi-error-code')).toBe(ErrorCodes.UPSTREAM_ANSWER_INVALID);
    expect(passiPage.body).not.toContain('SAMLResponse');
    expect(passiPage.body).not.toContain('Oppilas8');
  });
});
