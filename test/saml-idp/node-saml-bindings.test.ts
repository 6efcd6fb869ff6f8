/**
 * First SP library: @node-saml/node-saml as the service, SP-initiated login through
 * the test directory with the HTTP-Redirect and HTTP-POST bindings, signed and unsigned requests, with
 * and without a signed Response. Every Response also passes xmlsec1 and the SAML 2.0 XSDs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { expectMansikkalaLogin, nodeSamlLogin, nodeSamlSp, receiveAtAcs } from './support/node-saml-sp.ts';
import { loginAtTestDirectory } from './support/saml-checks.ts';
import { registryYaml, spKeys } from './support/sp-registry.ts';

const SPS = {
  signed: 'ns-signed-requests',
  unsigned: 'ns-unsigned-requests',
  signedResponse: 'ns-signed-response',
  bareCert: 'ns-bare-base64-cert',
};

/** The body of a PEM, as SAML metadata carries certificates (the registry accepts both forms). */
const bareBase64 = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('@node-saml/node-saml as the SP: Redirect and POST bindings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      registry: registryYaml([
        { id: SPS.signed, authnRequestsSigned: true },
        { id: SPS.unsigned, authnRequestsSigned: false },
        { id: SPS.signedResponse, authnRequestsSigned: true, signResponse: true },
        {
          id: SPS.bareCert,
          authnRequestsSigned: true,
          signingCertificates: [bareBase64(spKeys.signing.certificatePem)],
        },
      ]),
    });
  });
  afterAll(() => t?.close());

  for (const binding of ['redirect', 'post'] as const) {
    it(`${binding} binding, signed AuthnRequest (authnRequestsSigned: true): attributes arrive and verify`, async () => {
      const sp = nodeSamlSp(t, { id: SPS.signed, binding, signRequest: true });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.signed);
      expect(login.verified.responseSigned).toBe(false);
      expect(login.verified.encrypted).toBe(false);
    });

    it(`${binding} binding, unsigned AuthnRequest (authnRequestsSigned: false): attributes arrive and verify`, async () => {
      const sp = nodeSamlSp(t, { id: SPS.unsigned, binding, signRequest: false });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.unsigned);
    });

    it(`${binding} binding, signed AuthnRequest to a service that does not require signing: verified and accepted`, async () => {
      const sp = nodeSamlSp(t, { id: SPS.unsigned, binding, signRequest: true });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.unsigned);
    });

    it(`${binding} binding, signResponse: true: Response and Assertion both signed, node-saml demands both`, async () => {
      const sp = nodeSamlSp(t, {
        id: SPS.signedResponse,
        binding,
        signRequest: true,
        wantResponseSigned: true,
      });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.signedResponse);
      expect(login.verified.responseSigned).toBe(true);
    });

    it(`${binding} binding, signing certificate registered as bare base64 (as in SAML metadata): request verifies`, async () => {
      const sp = nodeSamlSp(t, { id: SPS.bareCert, binding, signRequest: true });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.bareCert);
    });
  }

  it('an unsigned lang=sv parameter appended to a signed Redirect request: signature still verifies, login page in Swedish', async () => {
    const sp = nodeSamlSp(t, { id: SPS.signed, binding: 'redirect', signRequest: true });
    const browser = new BrowserlessClient();
    const loginPage = await browser.getFollow(
      `${await sp.saml.getAuthorizeUrlAsync('rs-42', undefined, {})}&lang=sv`,
    );
    expect(loginPage.body).toContain('<html lang="sv"');
    const login = await receiveAtAcs(t, sp, await loginAtTestDirectory(browser, loginPage));
    expectMansikkalaLogin(login, t, SPS.signed);
  });

  it('releases the data-model attributes of demo_u0001 with URI names', async () => {
    const sp = nodeSamlSp(t, { id: SPS.unsigned, binding: 'redirect', signRequest: false });
    const { profile, verified } = await nodeSamlLogin(t, new BrowserlessClient(), sp);
    expect(profile['urn:mpass.id:uid']).toEqual(expect.any(String));
    expect([profile['urn:oid:1.3.6.1.4.1.16161.1.1.27']].flat()).toEqual([
      expect.stringMatching(/^1\.2\.246\.562\.98\./),
    ]);
    expect(verified.assertionXml).toContain('NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"');
    expect(verified.assertionXml).toContain('FriendlyName="mpassSchoolInfo"');
  });
});
