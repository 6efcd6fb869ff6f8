/**
 * SAML SP security cases SP-01…SP-18 (docs/security-cases.md): unsigned and badly signed responses,
 * signature wrapping (XSW), DOCTYPE and XML parser tricks, and signature algorithms off the allow-list.
 * Each is refused with an error id and nothing half-written (see ./support/negative-suite-kit.ts); each
 * runs its named fixture from ./support/sp-fixtures.ts.
 */
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { NS } from '../../src/protocols/saml/namespaces.ts';
import { A, INVALID, SIG, UNSIGNED, useNegativeSuite, writeGenerated } from './support/negative-suite-kit.ts';
import { samlSentToService, serviceReport } from './support/service-received.ts';
import {
  sp01Unsigned,
  sp02SignatureRemoved,
  sp03UntrustedKeyInfo,
  sp04Xsw1,
  sp05Xsw2,
  sp06Xsw3,
  sp07Xsw4,
  sp08Xsw5,
  sp09Xsw6,
  sp10Xsw7,
  sp11Xsw8,
  sp12Xsw10DoctypeEntities,
  sp13DoctypeAttlistNamespace,
  sp13StatusDetailSignature,
  sp14CommentInjection,
  sp15DigestValueComment,
  sp15TwoReferences,
  sp16TrailingText,
  sp16TwoRoots,
  sp17BillionLaughs,
  sp17ExternalDtd,
  sp17XInclude,
  sp17XxeFile,
  sp18HmacSha1PublicKeyAsSecret,
  sp18RsaSha1,
  sp18Sha1Digest,
  sp18UnknownSignatureMethod,
  sp27RedirectDeflateBomb,
} from './support/sp-fixtures.ts';
import { EVIL_NAME } from './support/xsw.ts';

describe('SAML SP negative suite: signatures and wrapping (SP-01…SP-18)', () => {
  const { w, arm, expectRefused } = useNegativeSuite();

  it('SP-01 unsigned Response and Assertion', () => expectRefused(sp01Unsigned(), [UNSIGNED]));

  it('SP-02 Signature removed from a signed assertion (signature exclusion)', () =>
    expectRefused(sp02SignatureRemoved(), [UNSIGNED]));

  it('SP-03 valid signature by an untrusted key carried in KeyInfo', () =>
    expectRefused(sp03UntrustedKeyInfo(), [SIG]));

  for (const fixture of [sp04Xsw1, sp05Xsw2, sp06Xsw3, sp07Xsw4, sp08Xsw5, sp09Xsw6, sp10Xsw7, sp11Xsw8]) {
    it(`${fixture().case} ${fixture.name}: signature wrapping with the attacker's name`, async () => {
      const { sent } = await expectRefused(fixture(), [INVALID, SIG]);
      // The wrapped message does carry the attacker's value where a naive SP would read it.
      expect(sent).toContain(`>${EVIL_NAME}<`);
    });
  }

  it('SP-12 XSW10 / CVE-2025-23369: signature moved to the Response around ds:Object, DOCTYPE entities', () =>
    expectRefused(sp12Xsw10DoctypeEntities(), [INVALID]));

  it('SP-13 CVE-2025-25292: DOCTYPE ATTLIST namespace trick plus a Signature in StatusDetail', () =>
    expectRefused(sp13DoctypeAttlistNamespace(), [INVALID]));

  it('SP-13 a Signature in StatusDetail (without DOCTYPE) is refused too', () =>
    expectRefused(sp13StatusDetailSignature(), [SIG, INVALID]));

  it('SP-14 comment injection in a signed attribute: the service receives the full signed text', async () => {
    const fixture = sp14CommentInjection();
    const armed = arm(A, fixture);
    const { browser, idpPage } = await w.startLogin(A);
    expect(armed.sent()).toContain('>Tes<!---->ti1<');
    writeGenerated(fixture.file, armed.sent());
    const passiPost = await browser.submitForm(idpPage);
    expect(samlSentToService(passiPost).attributes['urn:oid:2.5.4.42']).toEqual(['Testi1']);
    expect(serviceReport(await browser.submitForm(passiPost)).released.firstName).toEqual(['Testi1']);
  });

  it('SP-15 a comment inside DigestValue (CVE-2025-29775)', () =>
    expectRefused(sp15DigestValueComment(), [SIG]));

  it('SP-15 two References in SignedInfo (CVE-2025-29774)', () => expectRefused(sp15TwoReferences(), [SIG]));

  it('SP-16 two root elements', () => expectRefused(sp16TwoRoots(), [INVALID]));
  it('SP-16 text after the root element', () => expectRefused(sp16TrailingText(), [INVALID]));

  for (const fixture of [sp17XxeFile, sp17BillionLaughs, sp17ExternalDtd, sp17XInclude]) {
    it(`SP-17 ${fixture.name}`, () => expectRefused(fixture(), [INVALID]));
  }

  describe('SP-18 signature algorithms off the allow-list', () => {
    it('HMAC-SHA1 keyed with the IdP’s public certificate (GHSA-c27r-x354-4m68)', async () => {
      const { sent } = await expectRefused(
        sp18HmacSha1PublicKeyAsSecret(w.idp(A).credential.certificatePem),
        [SIG],
      );
      expect(sent).toContain('xmldsig#hmac-sha1');
    });

    it('a valid RSA-SHA1 signature by the trusted key', () =>
      expectRefused(sp18RsaSha1(w.idp(A).credential), [SIG]));

    it('a valid signature over a SHA-1 digest by the trusted key', () =>
      expectRefused(sp18Sha1Digest(w.idp(A).credential), [SIG]));

    it('an unknown SignatureMethod URI', async () => {
      const { sent } = await expectRefused(sp18UnknownSignatureMethod(), [SIG]);
      expect(sent).toContain('urn:example:passi:unknown-signature-method');
    });

    it('unknown SigAlg in the Redirect binding: not applicable, Passi’s SP takes no Redirect messages', async () => {
      // sp18RedirectSigAlgNotApplicable says why; these are the facts it rests on.
      const res = await fetch(`${w.t.baseUrl}/sp/${A}/acs?${sp27RedirectDeflateBomb().query}`);
      expect(res.status).toBe(404);
      const metadata = await (await fetch(`${w.t.baseUrl}/sp/metadata`)).text();
      const doc = new DOMParser().parseFromString(metadata, 'application/xml');
      expect(doc.getElementsByTagNameNS(NS.md, 'SingleLogoutService').length).toBe(0);
      expect(doc.getElementsByTagNameNS(NS.md, 'AssertionConsumerService').length).toBeGreaterThan(0);
      const acs = doc.getElementsByTagNameNS(NS.md, 'AssertionConsumerService');
      for (let i = 0; i < acs.length; i++)
        expect(acs.item(i)?.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    });
  });
});
