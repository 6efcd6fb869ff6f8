import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRedirectMessage } from '../../protocols/saml/decode-binding.ts';
import { NS } from '../../protocols/saml/namespaces.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import { testKey, xsdValidate } from '../../protocols/saml/test-kit.ts';
import {
  parseRedirectQuery,
  verifyRedirectSignature,
} from '../../protocols/saml/verify-redirect-signature.ts';
import { childElement } from '../../protocols/saml/xml-dom.ts';
import { buildAuthnRequest } from './build-authn-request.ts';
import { signRedirectRequest } from './sign-redirect-request.ts';

const sp = testKey('authn-request-sp');
const input = {
  ssoRedirectUrl: 'https://adfs.koulu.example/adfs/ls/?tenant=a b',
  spEntityId: 'https://passi.example/sp',
  acsUrl: 'https://passi.example/sp/acs/Koulu',
  forceAuthn: true,
  now: new Date('2026-12-03T10:00:00.123Z'),
};

describe('the AuthnRequest Passi sends a school', () => {
  it('carries Issuer, Destination, ACS, POST binding, NameIDPolicy and ForceAuthn, valid against the SAML schema', async () => {
    const { id, url } = buildAuthnRequest(input);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('tenant')).toBe('a b'); // the SSO address's own parameters stay
    const xml = decodeRedirectMessage(parsed.searchParams.get('SAMLRequest') ?? '');
    const request = parseXml(xml).documentElement;
    if (request === null) throw new Error('no request');
    expect(request.localName).toBe('AuthnRequest');
    expect(request.getAttribute('ID')).toBe(id);
    expect(request.getAttribute('IssueInstant')).toBe('2026-12-03T10:00:00Z');
    expect(request.getAttribute('Destination')).toBe(input.ssoRedirectUrl);
    expect(request.getAttribute('AssertionConsumerServiceURL')).toBe(input.acsUrl);
    expect(request.getAttribute('ProtocolBinding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(request.getAttribute('ForceAuthn')).toBe('true');
    expect(childElement(request, NS.saml, 'Issuer')?.textContent).toBe(input.spEntityId);
    expect(childElement(request, NS.samlp, 'NameIDPolicy')?.getAttribute('AllowCreate')).toBe('true');
    const { valid, errors } = await xsdValidate(xml, 'protocol');
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(buildAuthnRequest({ ...input, forceAuthn: false }).url).not.toContain('ForceAuthn');
    expect(buildAuthnRequest(input).id).not.toBe(id);
  });

  it('is signed over the raw query octets as a school verifies them (SAML Bindings 2.0 §3.4.4.1)', async () => {
    const signed = await signRedirectRequest(
      buildAuthnRequest(input).url,
      createPrivateKey(sp.privateKeyPem),
    );
    const query = parseRedirectQuery(new URL(signed).search.slice(1));
    expect(() => verifyRedirectSignature(query, [sp.certificatePem])).not.toThrow();
    expect(() => verifyRedirectSignature(query, [testKey('authn-request-other').certificatePem])).toThrow();
    const changed = parseRedirectQuery(
      new URL(signed).search.slice(1).replace(/SAMLRequest=[^&]{4}/, 'SAMLRequest=AAAA'),
    );
    expect(() => verifyRedirectSignature(changed, [sp.certificatePem])).toThrow();
  });
});
