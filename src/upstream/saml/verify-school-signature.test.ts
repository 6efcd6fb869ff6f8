import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { ALG, NS } from '../../protocols/saml/namespaces.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import { testKey, xmlsecAvailable, xmlsecSign, xmlsecVerify } from '../../protocols/saml/test-kit.ts';
import { withStrongAlgorithms } from '../../protocols/saml/xml-crypto-algorithms.ts';
import { childElement } from '../../protocols/saml/xml-dom.ts';
import type { XmlElementView } from '../../protocols/saml/xml-view.ts';
import { schoolSignatureProblem } from './verify-school-signature.ts';

const school = testKey('school-signature');
const other = testKey('school-signature-other');
const ec = testKey('school-signature-ec', 'ec-p256');
const keyOf = (k: { certificatePem: string }): KeyObject => createPublicKey(k.certificatePem);

// Namespaces declared on the Response only; an xsi:type value, a comment and a non-ASCII value inside.
const RESPONSE = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_r1" Version="2.0" IssueInstant="2026-12-03T10:00:00Z" Destination="https://passi.example/acs" InResponseTo="_q1"><saml:Issuer>https://idp.school.example</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-12-03T10:00:00Z"><saml:Issuer>https://idp.school.example</saml:Issuer><saml:Subject><saml:NameID>oppilas</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="givenName"><saml:AttributeValue xsi:type="xs:string">Äli<!-- a comment -->ina &amp; "Ö"</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`;

type Target = 'Response' | 'Assertion';

/** xml-crypto's generic signer: an implementation independent of the code under test. */
function sign(
  xml: string,
  target: Target,
  key: { privateKeyPem: string; certificatePem: string },
  options: { transforms?: string[]; signatureAlgorithm?: string; prefixList?: string[] } = {},
): string {
  const sig = withStrongAlgorithms(
    new SignedXml({
      privateKey: key.privateKeyPem,
      publicCert: key.certificatePem,
      signatureAlgorithm: options.signatureAlgorithm ?? ALG.rsaSha256,
      canonicalizationAlgorithm: ALG.excC14n,
      ...(options.prefixList ? { inclusiveNamespacesPrefixList: options.prefixList } : {}),
    }),
  );
  sig.addReference({
    xpath: `//*[local-name()='${target}']`,
    transforms: options.transforms ?? [ALG.enveloped, ALG.excC14n],
    digestAlgorithm: ALG.sha256,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `//*[local-name()='${target}']/*[local-name()='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

/** Passi's verdict on the Signature that is a child of `target`. */
function passi(xml: string, target: Target, keys: readonly KeyObject[]): string | undefined {
  const root = parseXml(xml).documentElement;
  if (root === null) throw new Error('no root');
  const signed: XmlElementView | null =
    target === 'Response' ? root : childElement(root, NS.saml, 'Assertion');
  const signature = signed === null ? null : childElement(signed, NS.ds, 'Signature');
  if (signed === null || signature === null) throw new Error('no signature');
  return schoolSignatureProblem(signed, signature, keys);
}

/** xml-crypto's own verdict (the judge node-saml uses), with only the given certificate trusted. */
function xmlCrypto(xml: string, target: Target, certificatePem: string): boolean {
  const doc = parseXml(xml);
  const signatures = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  for (let i = 0; i < signatures.length; i++) {
    const s = signatures.item(i);
    if (s === null || s.parentNode === null || s.parentNode.localName !== target) continue;
    const sig = withStrongAlgorithms(
      new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null }),
    );
    sig.loadSignature(s.toString());
    try {
      return sig.checkSignature(xml);
    } catch {
      return false;
    }
  }
  throw new Error('no signature for the judge');
}

const tamper = (xml: string) => xml.replace('oppilas', 'opettaja');

describe('school signature verification on the parsed document, judged by xml-crypto and xmlsec1', () => {
  for (const target of ['Response', 'Assertion'] as const) {
    it(`accepts a ${target} signed by the school and refuses it changed, as the judges do`, () => {
      const signed = sign(RESPONSE, target, school);
      expect(passi(signed, target, [keyOf(school)])).toBeUndefined();
      expect(xmlCrypto(signed, target, school.certificatePem)).toBe(true);
      if (xmlsecAvailable) expect(xmlsecVerify(signed, school.certificatePem, target).ok).toBe(true);

      const changed = tamper(signed);
      expect(passi(changed, target, [keyOf(school)])).toBe('the digest does not match the signed element');
      expect(xmlCrypto(changed, target, school.certificatePem)).toBe(false);
      if (xmlsecAvailable) expect(xmlsecVerify(changed, school.certificatePem, target).ok).toBe(false);
    });
  }

  it('refuses a signature by a key the metadata does not list, and finds the right one among several', () => {
    const signed = sign(RESPONSE, 'Assertion', other);
    expect(passi(signed, 'Assertion', [keyOf(school)])).toBe(
      'the signature does not verify with the school’s signing keys',
    );
    expect(xmlCrypto(signed, 'Assertion', school.certificatePem)).toBe(false);
    expect(passi(signed, 'Assertion', [keyOf(school), keyOf(other)])).toBeUndefined();
  });

  it('refuses a changed SignatureValue while the digest still matches', () => {
    const signed = sign(RESPONSE, 'Response', school);
    const value = /<ds:SignatureValue>([^<]+)</.exec(signed)?.[1] ?? '';
    const flipped = `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`;
    const changed = signed.replace(value, flipped);
    expect(passi(changed, 'Response', [keyOf(school)])).toBe(
      'the signature does not verify with the school’s signing keys',
    );
    expect(xmlCrypto(changed, 'Response', school.certificatePem)).toBe(false);
  });

  it('accepts ECDSA P-256 signatures (XML-DSig 1.1 r||s)', () => {
    const signed = sign(RESPONSE, 'Assertion', ec, { signatureAlgorithm: ALG.ecdsaSha256 });
    expect(passi(signed, 'Assertion', [keyOf(ec)])).toBeUndefined();
    expect(passi(tamper(signed), 'Assertion', [keyOf(ec)])).toBe(
      'the digest does not match the signed element',
    );
  });

  it('reads the canonical form without the comment, as the judges do (a comment cannot change the text)', () => {
    const signed = sign(RESPONSE, 'Assertion', school);
    const moved = signed.replace('Äli<!-- a comment -->ina', 'Äliina');
    expect(passi(moved, 'Assertion', [keyOf(school)])).toBeUndefined();
    expect(xmlCrypto(moved, 'Assertion', school.certificatePem)).toBe(true);
  });

  it('canonicalises SignedInfo with an InclusiveNamespaces PrefixList naming ancestors’ prefixes', () => {
    const signed = sign(RESPONSE, 'Assertion', school, { prefixList: ['samlp', 'xs'] });
    expect(signed).toContain('PrefixList="samlp xs"');
    expect(xmlCrypto(signed, 'Assertion', school.certificatePem)).toBe(true);
    if (xmlsecAvailable) expect(xmlsecVerify(signed, school.certificatePem, 'Assertion').ok).toBe(true);
    expect(passi(signed, 'Assertion', [keyOf(school)])).toBeUndefined();
    expect(passi(tamper(signed), 'Assertion', [keyOf(school)])).toBe(
      'the digest does not match the signed element',
    );
  });

  it('refuses a Reference without exc-c14n, or with exc-c14n before enveloped-signature', () => {
    const inclusive = sign(RESPONSE, 'Assertion', school, { transforms: [ALG.enveloped] });
    expect(passi(inclusive, 'Assertion', [keyOf(school)])).toBe(
      'the Reference must be canonicalised with exc-c14n',
    );
    const reversed = sign(RESPONSE, 'Assertion', school, { transforms: [ALG.excC14n, ALG.enveloped] });
    expect(passi(reversed, 'Assertion', [keyOf(school)])).toBe(
      'enveloped-signature must come before exc-c14n',
    );
  });

  it('leaves the document as received (the enveloped transform works on a copy)', () => {
    const signed = sign(RESPONSE, 'Response', school);
    const root = parseXml(signed).documentElement;
    const signature = root === null ? null : childElement(root, NS.ds, 'Signature');
    if (root === null || signature === null) throw new Error('no signature');
    const before = root.toString();
    expect(schoolSignatureProblem(root, signature, [keyOf(school)])).toBeUndefined();
    expect(root.toString()).toBe(before);
  });
});

/**
 * An Assertion with an empty signature template after its Issuer and `content` after that, for xmlsec1 to
 * sign; the Response is not signed.
 */
function template(content: string, declarations = ''): string {
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0"><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"${declarations} ID="_a1" Version="2.0"><saml:Issuer>https://idp.school.example</saml:Issuer><ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${ALG.excC14n}"/><ds:SignatureMethod Algorithm="${ALG.rsaSha256}"/><ds:Reference URI="#_a1"><ds:Transforms><ds:Transform Algorithm="${ALG.enveloped}"/><ds:Transform Algorithm="${ALG.excC14n}"/></ds:Transforms><ds:DigestMethod Algorithm="${ALG.sha256}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/></ds:Signature>${content}</saml:Assertion></samlp:Response>`;
}

// Exclusive XML Canonicalization rules that real documents seldom exercise; the last three are where
// xml-crypto's canonicaliser departs from the specification and from libxml2's. Passi must verify what a
// school signing with xmlsec signs, and refuse it changed.
const SPEC_CASES = {
  'a prefix rebound and then bound again to its first URI': {
    declarations: ' xmlns:p="urn:one"',
    content: '<p:x><p:y xmlns:p="urn:two"><p:z xmlns:p="urn:one">oppilas</p:z></p:y></p:x>',
  },
  'prefixes that differ in case, ordered by code point': {
    declarations: '',
    content: '<saml:x xmlns:a="urn:a" xmlns:B="urn:B" a:n="1" B:n="2">oppilas</saml:x>',
  },
  'attributes ordered by namespace URI first, then local name': {
    declarations: '',
    content: '<saml:x xmlns:q="urn:a" xmlns:r="urn:ab" q:z="1" r:a="2">oppilas</saml:x>',
  },
  'attribute names beyond the Basic Multilingual Plane': {
    declarations: '',
    content: '<saml:x \u{10000}="astral" \uF900="compatibility">oppilas</saml:x>',
  },
};

const XS = 'http://www.w3.org/2001/XMLSchema';

/**
 * A signature template whose ds:, samlp: and xs: prefixes are declared on the Response alone (not on the
 * Signature), with SignedInfo canonicalised with an InclusiveNamespaces PrefixList naming all three
 * (Exc-C14N §3), for xmlsec1 to sign.
 */
const ANCESTOR_PREFIXES = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:ds="${NS.ds}" xmlns:xs="${XS}" ID="_r1" Version="2.0"><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0"><saml:Issuer>https://idp.school.example</saml:Issuer><ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${ALG.excC14n}"><ec:InclusiveNamespaces xmlns:ec="${ALG.excC14n}" PrefixList="ds samlp xs"/></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="${ALG.rsaSha256}"/><ds:Reference URI="#_a1"><ds:Transforms><ds:Transform Algorithm="${ALG.enveloped}"/><ds:Transform Algorithm="${ALG.excC14n}"/></ds:Transforms><ds:DigestMethod Algorithm="${ALG.sha256}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/></ds:Signature><saml:Subject><saml:NameID>oppilas</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>`;

describe.skipIf(!xmlsecAvailable)(
  'school signatures made by xmlsec1, canonicalised as the specification says',
  () => {
    for (const [name, { declarations, content }] of Object.entries(SPEC_CASES)) {
      it(`accepts ${name}, and refuses it changed`, () => {
        const signed = xmlsecSign(template(content, declarations), school, 'Assertion');
        expect(xmlsecVerify(signed, school.certificatePem, 'Assertion').ok).toBe(true);
        expect(passi(signed, 'Assertion', [keyOf(school)])).toBeUndefined();
        expect(passi(tamper(signed), 'Assertion', [keyOf(school)])).toBe(
          'the digest does not match the signed element',
        );
      });
    }

    it('canonicalises SignedInfo with a PrefixList whose prefixes, ds: among them, are declared on the Response only', () => {
      const signed = xmlsecSign(ANCESTOR_PREFIXES, school, 'Assertion');
      expect(signed).toMatch(/<ds:Signature>/);
      expect(xmlsecVerify(signed, school.certificatePem, 'Assertion').ok).toBe(true);
      expect(xmlCrypto(signed, 'Assertion', school.certificatePem)).toBe(true);
      expect(passi(signed, 'Assertion', [keyOf(school)])).toBeUndefined();
      expect(passi(tamper(signed), 'Assertion', [keyOf(school)])).toBe(
        'the digest does not match the signed element',
      );
      // xs is used nowhere in the Assertion, so only SignedInfo's canonical form (the PrefixList renders
      // the Response's declaration of it) changes with its namespace.
      const rebound = signed.replace(`xmlns:xs="${XS}"`, 'xmlns:xs="urn:another"');
      expect(rebound).not.toBe(signed);
      expect(xmlsecVerify(rebound, school.certificatePem, 'Assertion').ok).toBe(false);
      expect(passi(rebound, 'Assertion', [keyOf(school)])).toBe(
        'the signature does not verify with the school’s signing keys',
      );
    });

    it('refuses a signed Assertion holding a processing instruction rather than digesting it some other way', () => {
      const signed = xmlsecSign(template('<saml:x>oppilas</saml:x><?school data?>'), school, 'Assertion');
      expect(xmlsecVerify(signed, school.certificatePem, 'Assertion').ok).toBe(true);
      expect(passi(signed, 'Assertion', [keyOf(school)])).toBe(
        'the signed element holds a node Exclusive XML Canonicalization is not written for here',
      );
    });
  },
);
