/**
 * A service with an encryption certificate gets the Assertion encrypted (AES-GCM, RSA-OAEP);
 * @node-saml/node-saml decrypts it with the service's key. The decrypted Assertion verifies with xmlsec1
 * and validates against the XSD; a service without the key cannot read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  expectMansikkalaLogin,
  nodeSamlLogin,
  nodeSamlSp,
  receiveAtAcs,
  sendAuthnRequest,
} from './support/node-saml-sp.ts';
import { loginAtTestDirectory, readAutoPost } from './support/saml-checks.ts';
import { registryYaml } from './support/sp-registry.ts';

const SPS = {
  encrypted: 'ns-encrypted',
  encryptedSignedResponse: 'ns-encrypted-signed-response',
  plain: 'ns-not-encrypted',
};

describe('@node-saml/node-saml as the SP: encrypted assertions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      registry: registryYaml([
        { id: SPS.encrypted, authnRequestsSigned: true, encrypt: true },
        { id: SPS.encryptedSignedResponse, authnRequestsSigned: true, encrypt: true, signResponse: true },
        { id: SPS.plain, authnRequestsSigned: true },
      ]),
    });
  });
  afterAll(() => t?.close());

  for (const binding of ['redirect', 'post'] as const) {
    it(`${binding} binding, encryption certificate registered: EncryptedAssertion (AES-256-GCM, RSA-OAEP) decrypts and verifies`, async () => {
      const sp = nodeSamlSp(t, { id: SPS.encrypted, binding, signRequest: true, decrypt: true });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.encrypted);
      expect(login.verified.encrypted).toBe(true);
      expect(login.post.xml).toContain('http://www.w3.org/2009/xmlenc11#aes256-gcm');
      expect(login.post.xml).toContain('http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p');
      // Nothing of the assertion is readable in transit.
      expect(login.post.xml).not.toContain('Mansikkalan testi peruskoulu');
      expect(login.post.xml).not.toMatch(/<(\w+:)?Assertion\b/);
    });

    it(`${binding} binding, encrypted assertion and signResponse: true: both signatures verify after decryption`, async () => {
      const sp = nodeSamlSp(t, {
        id: SPS.encryptedSignedResponse,
        binding,
        signRequest: true,
        decrypt: true,
        wantResponseSigned: true,
      });
      const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
      expectMansikkalaLogin(login, t, SPS.encryptedSignedResponse);
      expect(login.verified.encrypted).toBe(true);
      expect(login.verified.responseSigned).toBe(true);
    });
  }

  it('without an encryption certificate the assertion is sent signed but not encrypted', async () => {
    const sp = nodeSamlSp(t, { id: SPS.plain, binding: 'redirect', signRequest: true });
    const login = await nodeSamlLogin(t, new BrowserlessClient(), sp);
    expectMansikkalaLogin(login, t, SPS.plain);
    expect(login.verified.encrypted).toBe(false);
    expect(login.post.xml).not.toContain('EncryptedAssertion');
  });

  it('a service without the decryption key cannot read the encrypted assertion (node-saml refuses it)', async () => {
    const browser = new BrowserlessClient();
    const withKey = nodeSamlSp(t, {
      id: SPS.encrypted,
      binding: 'redirect',
      signRequest: true,
      decrypt: true,
    });
    const page = await loginAtTestDirectory(browser, await sendAuthnRequest(t, browser, withKey));
    // The holder of the key reads it …
    const login = await receiveAtAcs(t, withKey, page);
    expect([login.profile['urn:mpass.id:schoolInfo']].flat()).toContain('30076;Mansikkalan testi peruskoulu');
    // … an SP configured without it does not.
    const withoutKey = nodeSamlSp(t, { id: SPS.encrypted, binding: 'redirect', signRequest: true });
    await withoutKey.saml.cacheProvider.saveAsync(login.requestId, new Date().toISOString());
    await expect(withoutKey.saml.validatePostResponseAsync(readAutoPost(page).fields)).rejects.toThrow(
      /decryption key/,
    );
  });
});
