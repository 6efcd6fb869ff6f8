/**
 * The named fixture of every SAML SP negative case in docs/security-cases.md (SP-01…SP-30), one
 * builder per fixture, named `spNN…` after its case. A builder says what the school's IdP signs or sends
 * differently (`next`, applied by test/upstream-saml/support/school-idp.ts while the login is live, so the
 * only defect is the one named) and how the browser's POST to the ACS is changed (`post`). Signatures need
 * keys and no private key is committed, so the XML itself is built at run time from these recipes and
 * written to test/fixtures/upstream-saml/generated/<file> for inspection; the DOCTYPE and two-root cases
 * wrap the signed Response in the committed templates next to it (`{{RESPONSE}}`).
 *
 * `SP_FIXTURES` lists the builders per case; a case (or part of one) that cannot arise at Passi's SP has a
 * named entry saying why. saml-sp-negative-coverage.test.ts checks the list covers SP-01…SP-30.
 * This file is long because it is the corpus: thirty cases, each with its own recipe.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { bundledOrganisations } from '../../../src/orgdata/bundled-snapshot.ts';
import { ALG, NS, STATUS } from '../../../src/protocols/saml/namespaces.ts';
import type { SigningCredential } from '../../../src/protocols/saml/signing-credential.ts';
import { testKey } from '../../../src/protocols/saml/test-kit.ts';
import { adfsStudent } from './saml-sp-setup.ts';
import type { NextResponse } from './school-idp.ts';
import { edit, signatureOf, XSW } from './xsw.ts';

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** SP-01 … SP-30. */
export type SpCase = Exclude<`SP-${'0' | '1' | '2'}${Digit}`, 'SP-00'> | 'SP-30';

/** The browser's POST of the IdP's auto-submit form to Passi's ACS. */
export interface PostedForm {
  action: string;
  fields: Record<string, string>;
}

export interface SpFixture {
  readonly case: SpCase;
  /** Name of the built message under test/fixtures/upstream-saml/generated/ (or of the committed template). */
  readonly file: string;
  /** What the school's IdP does differently for this one response. */
  readonly next: NextResponse;
  /** How the POST to the ACS is changed (another ACS, another encoding, another field). */
  readonly post?: (form: PostedForm) => PostedForm;
}

/** A case, or part of one, that has no counterpart at Passi's SP, and why. */
export interface NotApplicable {
  readonly case: SpCase;
  readonly notApplicable: string;
}

const FIXTURES = new URL('../../fixtures/upstream-saml/', import.meta.url);

/** A committed template with `{{RESPONSE}}` replaced by the signed Response (without its XML declaration). */
function template(name: string): (xml: string) => string {
  return (xml) =>
    readFileSync(new URL(name, FIXTURES), 'utf8').replace(
      '{{RESPONSE}}',
      xml.replace(/^<\?xml[^>]*>\s*/, ''),
    );
}

/** Signs the (unsigned) Assertion validly with xml-crypto, with the algorithms a case needs. */
function signAssertion(
  xml: string,
  options: { key: string; certificatePem?: string; signatureAlgorithm: string; digestAlgorithm: string },
  hmac = false,
): string {
  const sig = new SignedXml({
    privateKey: options.key,
    publicCert: options.certificatePem,
    signatureAlgorithm: options.signatureAlgorithm,
    canonicalizationAlgorithm: ALG.excC14n,
  });
  if (hmac) sig.enableHMAC();
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: [ALG.enveloped, ALG.excC14n],
    digestAlgorithm: options.digestAlgorithm,
  });
  sig.computeSignature(xml, {
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}

const pem = (credential: SigningCredential) =>
  credential.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1';
const HMAC_SHA1 = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';

// ── SP-01…SP-03: no signature, signature removed, untrusted key ────────────────────────────────────────

export function sp01Unsigned(): SpFixture {
  return { case: 'SP-01', file: 'sp-01.unsigned.xml', next: { signAssertion: false, signResponse: false } };
}

export function sp02SignatureRemoved(): SpFixture {
  return {
    case: 'SP-02',
    file: 'sp-02.signature-removed.xml',
    next: { mutate: (xml) => edit(xml, ({ assertion }) => assertion.removeChild(signatureOf(assertion))) },
  };
}

/** A valid signature by a key that is not in the IdP's metadata; its certificate rides in KeyInfo. */
export function sp03UntrustedKeyInfo(): SpFixture {
  return {
    case: 'SP-03',
    file: 'sp-03.untrusted-keyinfo.xml',
    next: { signingKey: testKey('attacker').credential },
  };
}

// ── SP-04…SP-11: signature wrapping XSW1…XSW8 (SAML Raider) ────────────────────────────────────────────

const xsw = (
  n: '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11',
  variant: keyof typeof XSW,
): SpFixture => ({
  case: `SP-${n}`,
  file: `sp-${n}.${variant}.xml`,
  // XSW1 and XSW2 wrap a signed Response; the others a signed Assertion.
  next: { signResponse: variant === 'xsw1' || variant === 'xsw2', mutate: XSW[variant] },
});
export const sp04Xsw1 = (): SpFixture => xsw('04', 'xsw1');
export const sp05Xsw2 = (): SpFixture => xsw('05', 'xsw2');
export const sp06Xsw3 = (): SpFixture => xsw('06', 'xsw3');
export const sp07Xsw4 = (): SpFixture => xsw('07', 'xsw4');
export const sp08Xsw5 = (): SpFixture => xsw('08', 'xsw5');
export const sp09Xsw6 = (): SpFixture => xsw('09', 'xsw6');
export const sp10Xsw7 = (): SpFixture => xsw('10', 'xsw7');
export const sp11Xsw8 = (): SpFixture => xsw('11', 'xsw8');

// ── SP-12, SP-13: DOCTYPE-assisted wrapping (committed templates) ──────────────────────────────────────

/** CVE-2025-23369 style: the Assertion's Signature moved to the Response around ds:Object, DOCTYPE entities. */
export function sp12Xsw10DoctypeEntities(): SpFixture {
  const file = 'sp-12.xsw10-doctype-entities.xml';
  return {
    case: 'SP-12',
    file,
    next: {
      mutate: (xml) =>
        template(file)(
          edit(xml, ({ doc, response, assertion }) => {
            const sig = signatureOf(assertion);
            const object = doc.createElementNS(NS.ds, 'ds:Object');
            object.appendChild(assertion.cloneNode(true));
            sig.appendChild(object);
            response.insertBefore(sig, response.firstChild?.nextSibling ?? null);
            assertion.setAttribute('ID', '_evilassertion');
          }),
        ),
    },
  };
}

const signatureInStatusDetail = (xml: string) =>
  edit(xml, ({ doc, response, assertion }) => {
    const status = response.getElementsByTagNameNS(NS.samlp, 'Status').item(0);
    const detail = doc.createElementNS(NS.samlp, 'samlp:StatusDetail');
    detail.appendChild(signatureOf(assertion).cloneNode(true));
    status?.appendChild(detail);
  });

/** CVE-2025-25292 style: `<!ATTLIST Signature xmlns …>` namespace trick plus a Signature in StatusDetail. */
export function sp13DoctypeAttlistNamespace(): SpFixture {
  const file = 'sp-13.doctype-attlist-namespace.xml';
  return { case: 'SP-13', file, next: { mutate: (xml) => template(file)(signatureInStatusDetail(xml)) } };
}

/** The StatusDetail Signature alone, without the DOCTYPE (so the DTD refusal is not what stops it). */
export function sp13StatusDetailSignature(): SpFixture {
  return {
    case: 'SP-13',
    file: 'sp-13.statusdetail-signature.xml',
    next: { mutate: signatureInStatusDetail },
  };
}

// ── SP-14: comment injection (accepted: the full signed text is read) ──────────────────────────────────

export function sp14CommentInjection(): SpFixture {
  return {
    case: 'SP-14',
    file: 'sp-14.comment-injection.xml',
    next: { mutate: (xml) => xml.replace('>Testi1<', '>Tes<!---->ti1<') },
  };
}

// ── SP-15: DigestValue comment, two References ─────────────────────────────────────────────────────────

export function sp15DigestValueComment(): SpFixture {
  return {
    case: 'SP-15',
    file: 'sp-15.digestvalue-comment.xml',
    next: { mutate: (xml) => xml.replace(/(<ds:DigestValue>)([^<]{4})/, '$1$2<!-- x -->') },
  };
}

export function sp15TwoReferences(): SpFixture {
  return {
    case: 'SP-15',
    file: 'sp-15.two-references.xml',
    next: { mutate: (xml) => xml.replace(/(<ds:Reference [\s\S]*?<\/ds:Reference>)/, '$1$1') },
  };
}

// ── SP-16, SP-17: document-level tricks (committed templates) ──────────────────────────────────────────

const templated = (kase: SpCase, file: string): SpFixture => ({
  case: kase,
  file,
  next: { mutate: template(file) },
});
export const sp16TwoRoots = (): SpFixture => templated('SP-16', 'sp-16.two-roots.xml');
export const sp16TrailingText = (): SpFixture => templated('SP-16', 'sp-16.trailing-text.xml');
export const sp17XxeFile = (): SpFixture => templated('SP-17', 'sp-17.xxe-file.xml');
export const sp17BillionLaughs = (): SpFixture => templated('SP-17', 'sp-17.billion-laughs.xml');
export const sp17ExternalDtd = (): SpFixture => templated('SP-17', 'sp-17.external-dtd.xml');

export function sp17XInclude(): SpFixture {
  return {
    case: 'SP-17',
    file: 'sp-17.xinclude.xml',
    next: {
      mutate: (xml) =>
        edit(xml, ({ doc, response }) => {
          const inc = doc.createElementNS('http://www.w3.org/2001/XInclude', 'xi:include');
          inc.setAttribute('href', 'file:///etc/passwd');
          response.appendChild(inc);
        }),
    },
  };
}

// ── SP-18: signature algorithms off the allow-list ─────────────────────────────────────────────────────

/**
 * GHSA-c27r-x354-4m68: a real HMAC-SHA1 signature whose secret is the IdP's *public* certificate (which
 * anyone can read from the metadata). A verifier that lets the SignatureMethod pick the key type would
 * accept it.
 */
export function sp18HmacSha1PublicKeyAsSecret(idpCertificatePem: string): SpFixture {
  return {
    case: 'SP-18',
    file: 'sp-18.hmac-sha1-public-key-secret.xml',
    next: {
      signAssertion: false,
      mutate: (xml) =>
        signAssertion(
          xml,
          { key: idpCertificatePem, signatureAlgorithm: HMAC_SHA1, digestAlgorithm: SHA1_DIGEST },
          true,
        ),
    },
  };
}

/** A valid RSA-SHA1 signature with a SHA-1 digest by the IdP's trusted key (SHA-1 is not allowed). */
export function sp18RsaSha1(idp: SigningCredential): SpFixture {
  return {
    case: 'SP-18',
    file: 'sp-18.rsa-sha1.xml',
    next: {
      signAssertion: false,
      mutate: (xml) =>
        signAssertion(xml, {
          key: pem(idp),
          certificatePem: idp.certificatePem,
          signatureAlgorithm: ALG.rsaSha1,
          digestAlgorithm: SHA1_DIGEST,
        }),
    },
  };
}

/** A valid RSA-SHA256 SignatureMethod over a SHA-1 DigestMethod, by the trusted key. */
export function sp18Sha1Digest(idp: SigningCredential): SpFixture {
  return {
    case: 'SP-18',
    file: 'sp-18.sha1-digest.xml',
    next: {
      signAssertion: false,
      mutate: (xml) =>
        signAssertion(xml, {
          key: pem(idp),
          certificatePem: idp.certificatePem,
          signatureAlgorithm: ALG.rsaSha256,
          digestAlgorithm: SHA1_DIGEST,
        }),
    },
  };
}

/** The POST-binding counterpart of "unknown SigAlg": a SignatureMethod URI no allow-list knows. */
export function sp18UnknownSignatureMethod(): SpFixture {
  return {
    case: 'SP-18',
    file: 'sp-18.unknown-signature-method.xml',
    next: {
      mutate: (xml) =>
        xml.replace(
          `<ds:SignatureMethod Algorithm="${ALG.rsaSha256}"`,
          '<ds:SignatureMethod Algorithm="urn:example:passi:unknown-signature-method"',
        ),
    },
  };
}

/** The Redirect-binding `SigAlg` part of SP-18. */
export function sp18RedirectSigAlgNotApplicable(): NotApplicable {
  return {
    case: 'SP-18',
    notApplicable:
      'Passi’s SP takes no HTTP-Redirect messages from schools: the ACS is HTTP-POST only (a GET is 404, ' +
      'tested) and the SP metadata publishes no SingleLogoutService (tested), so no SigAlg is ever read on ' +
      'this side. Redirect SigAlg allow-listing on the IdP side is src/protocols/saml/verify-redirect-signature.test.ts.',
  };
}

// ── SP-19…SP-21: audience, destination, recipient, time ────────────────────────────────────────────────

export function sp19WrongAudience(): SpFixture {
  return {
    case: 'SP-19',
    file: 'sp-19.wrong-audience.xml',
    next: { assertion: { audience: 'https://other.example/sp' } },
  };
}

export function sp19NoAudienceRestriction(): SpFixture {
  return {
    case: 'SP-19',
    file: 'sp-19.no-audience-restriction.xml',
    next: {
      editAssertion: (assertion) => {
        const r = assertion.getElementsByTagNameNS(NS.saml, 'AudienceRestriction').item(0);
        r?.parentNode?.removeChild(r);
      },
    },
  };
}

export function sp20WrongDestination(): SpFixture {
  return {
    case: 'SP-20',
    file: 'sp-20.wrong-destination.xml',
    next: { mutate: (xml) => xml.replace(/Destination="[^"]*"/, 'Destination="https://other.example/acs"') },
  };
}

/** SubjectConfirmationData@Recipient names another ACS (plain node-saml accepts this). */
export function sp20WrongRecipient(otherAcs: string): SpFixture {
  return { case: 'SP-20', file: 'sp-20.wrong-recipient.xml', next: { assertion: { recipient: otherAcs } } };
}

export function sp21Expired(): SpFixture {
  const hourAgo = new Date(Date.now() - 3_600_000);
  return {
    case: 'SP-21',
    file: 'sp-21.expired.xml',
    next: { assertion: { now: hourAgo, authnInstant: hourAgo } },
  };
}

export function sp21FutureNotBefore(): SpFixture {
  return {
    case: 'SP-21',
    file: 'sp-21.future-notbefore.xml',
    next: {
      editAssertion: (assertion) =>
        assertion
          .getElementsByTagNameNS(NS.saml, 'Conditions')
          .item(0)
          ?.setAttribute('NotBefore', new Date(Date.now() + 3_600_000).toISOString()),
    },
  };
}

/** IssueInstant 30 minutes old while NotOnOrAfter is still in the future (maximum assertion age). */
export function sp21OldIssueInstant(): SpFixture {
  return {
    case: 'SP-21',
    file: 'sp-21.old-issueinstant.xml',
    next: {
      editAssertion: (assertion) =>
        assertion.setAttribute('IssueInstant', new Date(Date.now() - 30 * 60_000).toISOString()),
    },
  };
}

// ── SP-22: replay ──────────────────────────────────────────────────────────────────────────────────────

/** A normal, valid response; the attack is posting it again once it has been accepted. */
export function sp22Replay(): SpFixture {
  return { case: 'SP-22', file: 'sp-22.replay.xml', next: {} };
}

/** A fresh, correctly signed response for a new login that reuses an accepted Assertion's ID. */
export function sp22ReusedAssertionId(acceptedAssertionId: string): SpFixture {
  return {
    case: 'SP-22',
    file: 'sp-22.reused-assertion-id.xml',
    next: { assertion: { id: acceptedAssertionId } },
  };
}

// ── SP-23: InResponseTo ────────────────────────────────────────────────────────────────────────────────

export function sp23UnknownInResponseTo(): SpFixture {
  return {
    case: 'SP-23',
    file: 'sp-23.unknown-inresponseto.xml',
    next: { inResponseTo: '_0123456789abcdef0123456789abcdef' },
  };
}

/** No InResponseTo at all: an IdP-initiated response inside a live login. */
export function sp23Unsolicited(): SpFixture {
  return { case: 'SP-23', file: 'sp-23.unsolicited.xml', next: { inResponseTo: null } };
}

/** A response posted by a browser that has no login at Passi at all. */
export function sp23NoFlow(): SpFixture {
  return { case: 'SP-23', file: 'sp-23.no-flow.xml', next: { inResponseTo: '_nosuchrequest' } };
}

/** A valid response for another browser's login, posted in this browser's login. */
export function sp23CrossSession(otherBrowsersForm: PostedForm): SpFixture {
  return { case: 'SP-23', file: 'sp-23.cross-session.xml', next: {}, post: () => otherBrowsersForm };
}

// ── SP-24: cross-IdP ───────────────────────────────────────────────────────────────────────────────────

/** School A's valid response for a login started at A, posted to school B's ACS. */
export function sp24AtOtherSchoolsAcs(otherAcs: string): SpFixture {
  return {
    case: 'SP-24',
    file: 'sp-24.a-at-b-endpoint.xml',
    next: {},
    post: (form) => ({ ...form, action: otherAcs }),
  };
}

/** IdP A's own valid response (A's issuer, A's key) answering a login started at B. */
export function sp24IssuerAAtB(): SpFixture {
  return { case: 'SP-24', file: 'sp-24.issuer-a-at-b.xml', next: {} };
}

/** B's IdP names itself as issuer but signs with A's key. */
export function sp24BIssuerSignedWithAKey(aKey: SigningCredential): SpFixture {
  return { case: 'SP-24', file: 'sp-24.b-issuer-a-key.xml', next: { signingKey: aKey } };
}

const MUSTIKKALA_SCHOOL_OID = '1.2.246.562.99.00000000011';
const mustikkalaSchool = bundledOrganisations().find((o) => o.oid === MUSTIKKALA_SCHOOL_OID);
if (mustikkalaSchool?.schoolCode === undefined || mustikkalaSchool.parentOid === undefined)
  throw new Error(
    `the bundled organisation data has no school ${MUSTIKKALA_SCHOOL_OID} with a code and a parent`,
  );

/** Mustikkala's school: another education provider's, in the bundled organisation data (by code and OID). */
export const OTHER_PROVIDERS_SCHOOL = {
  code: mustikkalaSchool.schoolCode,
  oid: mustikkalaSchool.oid,
  providerOid: mustikkalaSchool.parentOid,
  name: 'Mustikkala',
} as const;

/**
 * A correctly signed response from integration A's own IdP whose user is in A's school (30076, Mansikkala)
 * and, besides, in a school of another education provider, named by school code and by OID.
 */
export function sp24OtherProvidersSchool(): SpFixture {
  return {
    case: 'SP-24',
    file: 'sp-24.other-providers-school.xml',
    next: {
      user: {
        nameId: 'user-24',
        attributes: adfsStudent(24, {
          schoolCode: ['30076', OTHER_PROVIDERS_SCHOOL.code, OTHER_PROVIDERS_SCHOOL.oid],
          userRole: ['Oppilas', 'Opettaja', 'Opettaja'],
        }),
      },
    },
  };
}

// ── SP-25, SP-26: status, encryption ───────────────────────────────────────────────────────────────────

export function sp25ErrorStatusWithAssertion(): SpFixture {
  return {
    case: 'SP-25',
    file: 'sp-25.error-status-with-assertion.xml',
    next: { mutate: (xml) => xml.replace(`Value="${STATUS.success}"`, `Value="${STATUS.responder}"`) },
  };
}

export function sp26Rsa15(): SpFixture {
  return {
    case: 'SP-26',
    file: 'sp-26.rsa-1_5.xml',
    next: { keyTransport: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5', encryption: 'gcm' },
  };
}

export function sp26CbcUnsignedResponse(): SpFixture {
  return {
    case: 'SP-26',
    file: 'sp-26.cbc-unsigned-response.xml',
    next: { encryption: 'cbc', signResponse: false },
  };
}

/** The encrypted Assertion carries a second Assertion inside Advice. */
export function sp26WrappedInEncrypted(): SpFixture {
  return {
    case: 'SP-26',
    file: 'sp-26.wrapped-in-encrypted.xml',
    next: {
      encryption: 'gcm',
      editAssertion: (assertion) => {
        const doc = assertion.ownerDocument;
        if (!doc) return;
        const advice = doc.createElementNS(NS.saml, 'saml:Advice');
        advice.appendChild(assertion.cloneNode(true));
        const conditions = assertion.getElementsByTagNameNS(NS.saml, 'Conditions').item(0);
        assertion.insertBefore(advice, conditions?.nextSibling ?? null);
        advice.getElementsByTagNameNS(NS.saml, 'Assertion').item(0)?.setAttribute('ID', '_innerassertion');
      },
    },
  };
}

// ── SP-27: size and DEFLATE ────────────────────────────────────────────────────────────────────────────

/** 300 KiB of base64 alphabet in the SAMLResponse field (over the 256 KiB limit). */
export function sp27OversizePost(): SpFixture {
  return {
    case: 'SP-27',
    file: 'sp-27.oversize.xml',
    next: {},
    post: (form) => ({ ...form, fields: { ...form.fields, SAMLResponse: 'A'.repeat(300 * 1024) } }),
  };
}

/** A genuine, correctly signed Response made large by ~2,000 attribute values (≈ 310 KiB as base64). */
export function sp27OversizedSignedResponse(): SpFixture {
  return {
    case: 'SP-27',
    file: 'sp-27.oversized-signed-response.xml',
    next: {
      user: {
        nameId: 'user-27',
        attributes: adfsStudent(27, {
          memberOf: Array.from({ length: 2000 }, (_, i) => `group-${i}-${'x'.repeat(100)}`),
        }),
      },
    },
  };
}

/**
 * The control for the size cases (accepted): a genuine signed Response of ≈ 65 KiB as base64, over the
 * pages' 32 KiB body limit but under the 256 KiB SAML limit of docs/architecture.md "Surfaces".
 */
export function sp27LargeValidResponse(): SpFixture {
  return {
    case: 'SP-27',
    file: 'sp-27.large-valid-response.xml',
    next: {
      user: {
        nameId: 'user-28',
        attributes: adfsStudent(28, {
          memberOf: Array.from({ length: 400 }, (_, i) => `group-${i}-${'x'.repeat(100)}`),
        }),
      },
    },
  };
}

/**
 * A deflate bomb: `inflatedBytes` of `<` packed by DEFLATE (≈ 1:1000). The POST case uses 64 MiB (≈ 64 KiB
 * packed, under the 256 KiB body limit); the Redirect case 8 MiB, as much as fits in a URL that Node's
 * 16 KiB header limit lets through.
 */
const bombs = new Map<number, Buffer>();
export function deflateBomb(inflatedBytes: number): Buffer {
  let bomb = bombs.get(inflatedBytes);
  if (bomb === undefined) {
    bomb = deflateRawSync(Buffer.alloc(inflatedBytes, '<'), { level: 9 });
    bombs.set(inflatedBytes, bomb);
  }
  return bomb;
}
export const POST_BOMB_BYTES = 64 * 1024 * 1024;
export const REDIRECT_BOMB_BYTES = 8 * 1024 * 1024;

/** A deflate bomb, base64-encoded as the Redirect binding would carry it, in the POST's SAMLResponse. */
export function sp27DeflateBombPost(): SpFixture {
  return {
    case: 'SP-27',
    file: 'sp-27.deflate-bomb-post.txt',
    next: {},
    post: (form) => ({
      ...form,
      fields: { ...form.fields, SAMLResponse: deflateBomb(POST_BOMB_BYTES).toString('base64') },
    }),
  };
}

/**
 * The IdP's real signed Response, but DEFLATE-compressed before base64 (Redirect-binding encoding) and
 * POSTed. SAML Bindings 2.0 §3.5.4: the POST binding is base64 of the XML, never DEFLATE.
 */
export function sp27DeflatedResponsePost(): SpFixture {
  return {
    case: 'SP-27',
    file: 'sp-27.deflated-response-post.xml',
    next: {},
    post: (form) => ({
      ...form,
      fields: {
        ...form.fields,
        SAMLResponse: deflateRawSync(Buffer.from(form.fields.SAMLResponse ?? '', 'base64')).toString(
          'base64',
        ),
      },
    }),
  };
}

/**
 * The Redirect-binding deflate bomb: a GET to the ACS with the bomb as SAMLResponse (and an unknown
 * SigAlg, SP-18's Redirect part). Passi's ACS has no Redirect binding; the fixture is the query string.
 */
export function sp27RedirectDeflateBomb(): { case: SpCase; file: string; query: string } {
  const query = new URLSearchParams({
    SAMLResponse: deflateBomb(REDIRECT_BOMB_BYTES).toString('base64'),
    SigAlg: 'urn:example:passi:unknown-sigalg',
    Signature: 'AAAA',
  }).toString();
  return { case: 'SP-27', file: 'sp-27.redirect-deflate-bomb.txt', query };
}

/**
 * The whole form body `SAMLResponse=AAAA…` (64 MiB) sent as `Content-Encoding: deflate` (zlib, RFC 9110
 * §8.4.1.2): a transport-level bomb of ≈ 64 KiB on the wire.
 */
let encodedBody: Buffer | undefined;
export function sp27ContentEncodedBody(): { case: SpCase; file: string; body: Buffer } {
  encodedBody ??= deflateSync(
    Buffer.concat([Buffer.from('SAMLResponse='), Buffer.alloc(POST_BOMB_BYTES, 'A')]),
    {
      level: 9,
    },
  );
  return { case: 'SP-27', file: 'sp-27.content-encoding-deflate.txt', body: encodedBody };
}

// ── SP-28…SP-30 ────────────────────────────────────────────────────────────────────────────────────────

/** Accepted: RelayState is ignored, never a redirect target. */
export function sp28RelayStateEvil(): SpFixture {
  return {
    case: 'SP-28',
    file: 'sp-28.relaystate-evil.txt',
    next: {},
    post: (form) => ({ ...form, fields: { ...form.fields, RelayState: 'https://evil.example' } }),
  };
}

/** A valid response; the defect is in Passi's configuration (the IdP's certificate list emptied). */
export function sp29NoCertificate(): SpFixture {
  return { case: 'SP-29', file: 'sp-29.no-certificate.xml', next: {} };
}

export function sp30UnknownElement(): SpFixture {
  return {
    case: 'SP-30',
    file: 'sp-30.unknown-element.xml',
    next: {
      mutate: (xml) =>
        edit(xml, ({ doc, response, assertion }) => {
          response.insertBefore(doc.createElementNS('urn:example:evil', 'evil:Thing'), assertion);
        }),
    },
  };
}

export function sp30AssertionInExtensions(): SpFixture {
  return { case: 'SP-30', file: 'sp-30.assertion-in-extensions.xml', next: { mutate: XSW.xsw7 } };
}

type Builder = (...args: never[]) => { readonly case: SpCase };

/** Every case of §5.2 with its named fixtures (or the named reason it cannot arise here). */
export const SP_FIXTURES: Record<SpCase, readonly Builder[]> = {
  'SP-01': [sp01Unsigned],
  'SP-02': [sp02SignatureRemoved],
  'SP-03': [sp03UntrustedKeyInfo],
  'SP-04': [sp04Xsw1],
  'SP-05': [sp05Xsw2],
  'SP-06': [sp06Xsw3],
  'SP-07': [sp07Xsw4],
  'SP-08': [sp08Xsw5],
  'SP-09': [sp09Xsw6],
  'SP-10': [sp10Xsw7],
  'SP-11': [sp11Xsw8],
  'SP-12': [sp12Xsw10DoctypeEntities],
  'SP-13': [sp13DoctypeAttlistNamespace, sp13StatusDetailSignature],
  'SP-14': [sp14CommentInjection],
  'SP-15': [sp15DigestValueComment, sp15TwoReferences],
  'SP-16': [sp16TwoRoots, sp16TrailingText],
  'SP-17': [sp17XxeFile, sp17BillionLaughs, sp17ExternalDtd, sp17XInclude],
  'SP-18': [
    sp18HmacSha1PublicKeyAsSecret,
    sp18RsaSha1,
    sp18Sha1Digest,
    sp18UnknownSignatureMethod,
    sp18RedirectSigAlgNotApplicable,
  ],
  'SP-19': [sp19WrongAudience, sp19NoAudienceRestriction],
  'SP-20': [sp20WrongDestination, sp20WrongRecipient],
  'SP-21': [sp21Expired, sp21FutureNotBefore, sp21OldIssueInstant],
  // The other-node replay is saml-sp-multi-node.test.ts (sp22Replay's response at a second process).
  'SP-22': [sp22Replay, sp22ReusedAssertionId],
  'SP-23': [sp23UnknownInResponseTo, sp23Unsolicited, sp23NoFlow, sp23CrossSession],
  'SP-24': [sp24AtOtherSchoolsAcs, sp24IssuerAAtB, sp24BIssuerSignedWithAKey, sp24OtherProvidersSchool],
  'SP-25': [sp25ErrorStatusWithAssertion],
  'SP-26': [sp26Rsa15, sp26CbcUnsignedResponse, sp26WrappedInEncrypted],
  'SP-27': [
    sp27LargeValidResponse,
    sp27OversizePost,
    sp27OversizedSignedResponse,
    sp27DeflateBombPost,
    sp27DeflatedResponsePost,
    sp27RedirectDeflateBomb,
    sp27ContentEncodedBody,
  ],
  'SP-28': [sp28RelayStateEvil],
  'SP-29': [sp29NoCertificate],
  'SP-30': [sp30UnknownElement, sp30AssertionInExtensions],
};
