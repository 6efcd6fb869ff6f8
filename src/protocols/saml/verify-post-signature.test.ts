/**
 * POST-binding AuthnRequest signatures: node-saml as a real signing SP, and xml-crypto-signed variants
 * for each known XML-signature attack (two references, reference not to the root, XSW
 * wrappings, SHA-1, KeyInfo with a foreign key, comments in signed text).
 */
import { SAML } from '@node-saml/node-saml';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { fixedClock } from '../../core/testing/fixed-clock.ts';
import { readAuthnRequest } from './authn-request.ts';
import { decodeRedirectMessage } from './decode-binding.ts';
import { fixture, MINIMAL_REQUEST_NOW, SSO_URLS } from './fixtures.test-data.ts';
import { ALG } from './namespaces.ts';
import { signForTest } from './sign-for-test.test-data.ts';
import { testKey } from './test-kit.ts';
import { verifyPostSignature } from './verify-post-signature.ts';

const sp = testKey('sp-sign');
const other = testKey('other');
const minimal = fixture('authnrequest.minimal.xml').replace(/>\s+</g, '><');
const ctx = { clock: fixedClock(MINIMAL_REQUEST_NOW), ssoUrls: SSO_URLS };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PassiError) return e.code;
    throw e;
  }
  return undefined;
}

describe('verifyPostSignature', () => {
  it('accepts a node-saml HTTP-POST AuthnRequest and returns the verified element', async () => {
    const saml = new SAML({
      entryPoint: SSO_URLS[1],
      issuer: 'https://sp.example/shibboleth',
      callbackUrl: 'https://sp.example/acs',
      idpCert: testKey('idp').certificatePem,
      privateKey: sp.privateKeyPem,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      authnRequestBinding: 'HTTP-POST',
    });
    const form = await saml.getAuthorizeFormAsync('relay');
    const value = /name="SAMLRequest" value="([^"]+)"/.exec(form)?.[1] ?? '';
    // node-saml DEFLATEs even for HTTP-POST (SAML Bindings §3.5.4 says base64 only, and Passi's
    // decodePostMessage follows that), so inflate it here to get at the signed XML.
    const xml = decodeRedirectMessage(value);
    const verified = verifyPostSignature(xml, [other.certificatePem, sp.certificatePem]);
    const request = readAuthnRequest(verified, { clock: systemClock, ssoUrls: SSO_URLS });
    expect(request.issuer).toBe('https://sp.example/shibboleth');
  });

  it('accepts RSA-SHA256 and ECDSA-SHA256 enveloped signatures', () => {
    const ec = testKey('sp-ec', 'ec-p256');
    expect(
      readAuthnRequest(verifyPostSignature(signForTest(minimal, sp), [sp.certificatePem]), ctx).forceAuthn,
    ).toBe(true);
    const ecSigned = signForTest(minimal, ec, { signatureAlgorithm: ALG.ecdsaSha256 });
    expect(verifyPostSignature(ecSigned, [ec.certificatePem]).localName).toBe('AuthnRequest');
  });

  it('reads values from the signed bytes: a comment in the Issuer does not truncate it', () => {
    const signed = signForTest(minimal, sp).replace(
      'https://sp.example/shibboleth',
      'https://sp.example<!-- x -->/shibboleth',
    );
    expect(readAuthnRequest(verifyPostSignature(signed, [sp.certificatePem]), ctx).issuer).toBe(
      'https://sp.example/shibboleth',
    );
  });

  const refused: [string, () => string, string][] = [
    ['unsigned', () => minimal, ErrorCodes.SIGNATURE_REQUIRED],
    [
      'tampered',
      () => signForTest(minimal, sp).replace('ForceAuthn="true"', 'ForceAuthn="false"'),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'signed by a key that is not registered (its cert in KeyInfo)',
      () => signForTest(minimal, other),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'RSA-SHA1 signature',
      () => signForTest(minimal, sp, { signatureAlgorithm: ALG.rsaSha1 }),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'SHA-1 digest',
      () => signForTest(minimal, sp, { digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' }),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'two References',
      () => signForTest(minimal, sp, { references: ['/*', '/*'] }),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'Reference not to the root',
      () => signForTest(minimal, sp, { references: ["//*[local-name()='NameIDPolicy']"] }),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'inclusive c14n',
      () => signForTest(minimal, sp, { c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' }),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'two Signatures',
      () => {
        const s = signForTest(minimal, sp);
        return signForTest(s, sp);
      },
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'XSW: signed request wrapped in Extensions of an evil root with another ID',
      () => wrap(signForTest(minimal, sp), '_evil'),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    [
      'XSW: evil root reusing the signed ID, original nested',
      () => wrap(signForTest(minimal, sp), '_4f1e2a9c0b7d4e3f8a6b5c4d3e2f1a0b', true),
      ErrorCodes.SIGNATURE_INVALID,
    ],
    ['DOCTYPE', () => fixture('authnrequest.doctype-entity.xml'), ErrorCodes.REQUEST_INVALID],
  ];
  for (const [name, make, code] of refused) {
    it(`refuses: ${name}`, () => {
      expect(codeOf(() => verifyPostSignature(make(), [sp.certificatePem]))).toBe(code);
    });
  }

  it('fails closed without registered certificates', () => {
    expect(codeOf(() => verifyPostSignature(signForTest(minimal, sp), []))).toBe(
      ErrorCodes.SIGNATURE_INVALID,
    );
  });
});

/**
 * XSW (SAML Raider XSW1/2-style for requests): an attacker's AuthnRequest (own ACS) wraps the
 * legitimately signed one in Extensions; with `moveSignature`, the signature sits on the evil root.
 */
function wrap(signed: string, evilId: string, moveSignature = false): string {
  const inner = signed.replace(/^<\?xml[^>]*>/, '');
  const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(inner)?.[0] ?? '';
  const body = moveSignature ? inner.replace(sig, '') : inner;
  return `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${evilId}" Version="2.0" IssueInstant="2026-11-28T09:59:30Z" AssertionConsumerServiceURL="https://evil.example/acs"><saml:Issuer>https://sp.example/shibboleth</saml:Issuer>${moveSignature ? sig : ''}<samlp:Extensions>${body}</samlp:Extensions></samlp:AuthnRequest>`;
}
