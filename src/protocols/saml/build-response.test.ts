import { describe, expect, it } from 'vitest';
import { sampleInput } from './build-response.test-data.ts';
import { buildResponse, buildResponseSync } from './build-response.ts';
import { testKey, xmlCryptoVerify, xmlsecAvailable, xmlsecVerify, xsdValidate } from './test-kit.ts';

describe('buildResponse', () => {
  for (const type of ['rsa-2048', 'ec-p256'] as const) {
    for (const signResponse of [false, true]) {
      const label = `${type} signResponse=${signResponse}`;
      const key = testKey('idp', type);
      const xml = buildResponseSync(sampleInput({ signResponse }), key.credential);

      it(`${label}: assertion verifies with xml-crypto`, () => {
        expect(xmlCryptoVerify(xml, key.certificatePem, 'Assertion')).toBe(true);
        if (signResponse) expect(xmlCryptoVerify(xml, key.certificatePem, 'Response')).toBe(true);
      });

      it.skipIf(!xmlsecAvailable)(`${label}: xmlsec1 --verify`, () => {
        const a = xmlsecVerify(xml, key.certificatePem, 'Assertion');
        expect(a.ok, a.output).toBe(true);
        if (signResponse) {
          const r = xmlsecVerify(xml, key.certificatePem, 'Response');
          expect(r.ok, r.output).toBe(true);
        }
      });

      it(`${label}: valid against the SAML 2.0 protocol XSD`, async () => {
        const r = await xsdValidate(xml, 'protocol');
        expect(r.errors).toEqual([]);
        expect(r.valid).toBe(true);
      });
    }
  }

  it('a different certificate does not verify', () => {
    const xml = buildResponseSync(sampleInput(), testKey('idp').credential);
    expect(xmlCryptoVerify(xml, testKey('other').certificatePem, 'Assertion')).toBe(false);
  });

  it('tampering with a signed attribute value breaks the signature', () => {
    const key = testKey('idp');
    const xml = buildResponseSync(sampleInput(), key.credential).replace('MPASSOID.abc', 'MPASSOID.abd');
    expect(xmlCryptoVerify(xml, key.certificatePem, 'Assertion')).toBe(false);
    if (xmlsecAvailable) expect(xmlsecVerify(xml, key.certificatePem, 'Assertion').ok).toBe(false);
  });

  it('async buildResponse without encryption equals the sync shape', async () => {
    const key = testKey('idp');
    const xml = await buildResponse(sampleInput({ id: '_a1', responseId: '_r1' }), key.credential);
    expect(xml.startsWith('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"')).toBe(true);
    expect(xml).toContain('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">');
  });

  // The login path signs on the event loop with small keys and on libuv's thread pool with RSA-3072 and up
  // (sign-for-login.ts): the same signatures either way, verified again.
  for (const type of ['rsa-2048', 'rsa-3072', 'ec-p256'] as const) {
    for (const signResponse of [false, true]) {
      it(`${type} signResponse=${signResponse}: the login path's signatures verify with xml-crypto and xmlsec1`, async () => {
        const key = testKey('idp', type);
        const input = sampleInput({ signResponse, id: '_a1', responseId: '_r1' });
        const xml = await buildResponse(input, key.credential);
        expect(xmlCryptoVerify(xml, key.certificatePem, 'Assertion')).toBe(true);
        if (signResponse) expect(xmlCryptoVerify(xml, key.certificatePem, 'Response')).toBe(true);
        if (xmlsecAvailable) {
          expect(xmlsecVerify(xml, key.certificatePem, 'Assertion').ok).toBe(true);
          if (signResponse) expect(xmlsecVerify(xml, key.certificatePem, 'Response').ok).toBe(true);
        }
        // RSA PKCS#1 v1.5 signatures are deterministic: byte for byte what the synchronous path signs.
        if (type === 'rsa-2048') expect(xml).toBe(buildResponseSync(input, key.credential));
      });
    }
  }
});
