/**
 * A school's SAML IdP for tests, built on Passi's own SAML protocol layer acting as the IdP
 * (src/protocols/saml: DOM-built, xml-crypto-compatible signatures, XML-Enc) plus xml-encryption for the
 * CBC variant ADFS uses. It does what ADFS, Google Workspace and Entra ID do: imports Passi's SP metadata
 * (ACS list, signing certificate to check signed AuthnRequests, encryption certificate), receives the
 * HTTP-Redirect AuthnRequest, checks its signature over the raw query octets, and answers with an
 * auto-POST form to the requested ACS. Responses are shaped per registry type (claim names, signing and
 * encryption habits); `next` lets a test change one response (attacks, errors).
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { encrypt, type KeyEncryptionAlgorithm } from 'xml-encryption';
import { type AssertionInput, buildAssertion } from '../../../src/protocols/saml/build-assertion.ts';
import { statusElement } from '../../../src/protocols/saml/build-response.ts';
import { encryptAssertion } from '../../../src/protocols/saml/encrypt-assertion.ts';
import { buildIdpMetadata } from '../../../src/protocols/saml/idp-metadata.ts';
import { NS, STATUS } from '../../../src/protocols/saml/namespaces.ts';
import { newSamlId, samlInstant } from '../../../src/protocols/saml/saml-ids.ts';
import { signEnveloped } from '../../../src/protocols/saml/sign-enveloped.ts';
import type { SigningCredential } from '../../../src/protocols/saml/signing-credential.ts';
import { editAsDom, testKey } from '../../../src/protocols/saml/test-kit.ts';
import { writeCanonical } from '../../../src/protocols/saml/write-canonical-tree.ts';
import { el, fromDom, type XmlElement } from '../../../src/protocols/saml/xml-tree.ts';
import { closeServer, listenLocal } from '../../support/fakes/listen.ts';

export type IdpShape = 'adfs' | 'google' | 'entra' | 'generic';

export interface SchoolUser {
  nameId: string;
  attributes: Record<string, string[]>;
}

export interface AuthnRequestSeen {
  id: string;
  acs: string;
  forceAuthn: boolean;
  signed: boolean;
  issuer: string;
}

/** One response's deviations from the shape's habits (tests of refusals). */
export interface NextResponse {
  user?: SchoolUser;
  status?: { code: string; sub?: string };
  assertion?: Partial<AssertionInput>;
  destination?: string;
  /** null: no InResponseTo at all (unsolicited). */
  inResponseTo?: string | null;
  signAssertion?: boolean;
  signResponse?: boolean;
  encryption?: 'none' | 'gcm' | 'cbc';
  keyTransport?: KeyEncryptionAlgorithm;
  /** Signs with this key instead of the one in the IdP metadata (untrusted key). */
  signingKey?: SigningCredential;
  /** Changes the Assertion before it is signed (what a misbehaving IdP would sign). */
  editAssertion?: (assertion: Element) => void;
  /** Last step on the serialised Response XML (signature wrapping, DOCTYPE …). */
  mutate?: (xml: string) => string;
  /** Changes the signed Assertion's bytes just before they are encrypted (xml-encryption is used then). */
  plaintext?: (assertionXml: string) => string;
}

const SHAPES: Record<
  IdpShape,
  {
    encryption: 'none' | 'gcm' | 'cbc';
    signResponse: boolean;
    nameFormat: string;
    classRef: string;
    requireSignedRequests: boolean;
  }
> = {
  // ADFS relying-party trust per MPASSid (-EncryptClaims, -SignedSamlRequestsRequired), AES-256-CBC +
  // RSA-OAEP (ADFS's default), response and assertion signed (-SamlResponseSignature MessageAndAssertion).
  adfs: {
    encryption: 'cbc',
    signResponse: true,
    nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
    classRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    requireSignedRequests: true,
  },
  // Google Workspace custom SAML app: signed assertion, no encryption, basic attribute names.
  google: {
    encryption: 'none',
    signResponse: false,
    nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
    classRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified',
    requireSignedRequests: false,
  },
  // Entra ID enterprise app: signed assertion (default "Sign SAML assertion"), claim URIs.
  entra: {
    encryption: 'none',
    signResponse: false,
    nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
    classRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password',
    requireSignedRequests: false,
  },
  generic: {
    encryption: 'gcm',
    signResponse: false,
    nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
    classRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    requireSignedRequests: false,
  },
};

export interface SchoolIdp {
  readonly baseUrl: string;
  readonly entityId: string;
  readonly metadataUrl: string;
  readonly ssoUrl: string;
  readonly credential: SigningCredential;
  /** Served metadata (tests may swap it: expiry, rollover, broken). */
  metadataXml: string;
  metadataStatus: number;
  user: SchoolUser;
  next: NextResponse | undefined;
  lastRequest: AuthnRequestSeen | undefined;
  /** Builds a Response as this IdP would (for tests that POST it themselves). */
  buildResponse(request: { id: string; acs: string }, next?: NextResponse): Promise<string>;
  close(): Promise<void>;
}

export interface SchoolIdpOptions {
  shape: IdpShape;
  /** Passi's SP metadata URL (what school IT imports). */
  spMetadataUrl: () => string;
  /** Entity id; default `<baseUrl>/idp` (Entra: `https://sts.windows.net/<tenant>/`). */
  entityId?: (baseUrl: string) => string;
  keyLabel?: string;
  user?: SchoolUser;
}

export async function startSchoolIdp(options: SchoolIdpOptions): Promise<SchoolIdp> {
  const shape = SHAPES[options.shape];
  const credential = testKey(options.keyLabel ?? `school-idp-${options.shape}`).credential;
  let resolveBase: (v: string) => void = () => {};
  const basePromise = new Promise<string>((r) => {
    resolveBase = r;
  });
  const server: Server = createServer((req, res) => {
    void basePromise.then((base) => handle(base, req.url ?? '/', res));
  });
  const baseUrl = await listenLocal(server);
  resolveBase(baseUrl);
  const entityId = options.entityId ? options.entityId(baseUrl) : `${baseUrl}/idp`;

  const idp: SchoolIdp = {
    baseUrl,
    entityId,
    metadataUrl: `${baseUrl}/metadata`,
    ssoUrl: `${baseUrl}/sso`,
    credential,
    metadataXml: buildIdpMetadata(
      {
        entityId,
        validUntil: new Date(Date.now() + 7 * 86_400_000),
        signingCertificatesPem: [credential.certificatePem],
        ssoRedirectUrl: `${baseUrl}/sso`,
        ssoPostUrl: `${baseUrl}/sso`,
        displayName: { en: `School IdP (${options.shape})` },
      },
      credential,
    ),
    metadataStatus: 200,
    user: options.user ?? { nameId: 'student-1', attributes: {} },
    next: undefined,
    lastRequest: undefined,
    buildResponse: (request, next) => buildResponse(request, next ?? {}),
    close: () => closeServer(server),
  };

  let spEntityId: string | undefined;
  async function spMetadata(): Promise<{
    entityId: string;
    acs: string[];
    signing: string[];
    encryption: string[];
  }> {
    const xml = await (await fetch(options.spMetadataUrl())).text();
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const acs: string[] = [];
    const list = doc.getElementsByTagNameNS(NS.md, 'AssertionConsumerService');
    for (let i = 0; i < list.length; i++) acs.push(list.item(i)?.getAttribute('Location') ?? '');
    const certs = (use: string) => {
      const out: string[] = [];
      const kds = doc.getElementsByTagNameNS(NS.md, 'KeyDescriptor');
      for (let i = 0; i < kds.length; i++) {
        const kd = kds.item(i);
        if (kd?.getAttribute('use') !== use) continue;
        const text = kd.getElementsByTagNameNS(NS.ds, 'X509Certificate').item(0)?.textContent ?? '';
        out.push(new X509Certificate(Buffer.from(text, 'base64')).toString());
      }
      return out;
    };
    const entityId = doc.documentElement?.getAttribute('entityID') ?? '';
    return { entityId, acs, signing: certs('signing'), encryption: certs('encryption') };
  }

  async function handle(base: string, url: string, res: import('node:http').ServerResponse): Promise<void> {
    try {
      const u = new URL(url, base);
      if (u.pathname === '/metadata') {
        res
          .writeHead(idp.metadataStatus, { 'content-type': 'application/samlmetadata+xml' })
          .end(idp.metadataXml);
        return;
      }
      if (u.pathname !== '/sso') {
        res.writeHead(404).end();
        return;
      }
      const sp = await spMetadata();
      const rawQuery = url.slice(url.indexOf('?') + 1);
      const signed = u.searchParams.has('Signature');
      if (shape.requireSignedRequests && !signed) throw new Error('this IdP requires signed AuthnRequests');
      if (signed && !verifyRedirect(rawQuery, sp.signing))
        throw new Error('AuthnRequest signature does not verify');
      const xml = inflateRawSync(Buffer.from(u.searchParams.get('SAMLRequest') ?? '', 'base64')).toString(
        'utf8',
      );
      const request = new DOMParser().parseFromString(xml, 'application/xml').documentElement;
      if (request === null) throw new Error('no AuthnRequest');
      const acs = request.getAttribute('AssertionConsumerServiceURL') ?? '';
      if (!sp.acs.includes(acs)) throw new Error(`ACS ${acs} is not in the SP metadata`);
      spEntityId = sp.entityId;
      const seen: AuthnRequestSeen = {
        id: request.getAttribute('ID') ?? '',
        acs,
        forceAuthn: request.getAttribute('ForceAuthn') === 'true',
        signed,
        issuer: request.getElementsByTagNameNS(NS.saml, 'Issuer').item(0)?.textContent ?? '',
      };
      idp.lastRequest = seen;
      const next = idp.next ?? {};
      idp.next = undefined;
      const responseXml = await buildResponse(seen, next, sp.encryption[0]);
      const relayState = u.searchParams.get('RelayState');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html><body><form method="post" action="${escapeAttr(acs)}">` +
            `<input type="hidden" name="SAMLResponse" value="${Buffer.from(responseXml, 'utf8').toString('base64')}">` +
            (relayState ? `<input type="hidden" name="RelayState" value="${escapeAttr(relayState)}">` : '') +
            `<input type="submit" value="Continue"></form></body></html>`,
        );
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : String(e));
    }
  }

  async function buildResponse(
    request: { id: string; acs: string },
    next: NextResponse,
    encryptionCertPem?: string,
  ): Promise<string> {
    const now = new Date();
    const signingKey = next.signingKey ?? credential;
    const user = next.user ?? idp.user;
    const destination = next.destination ?? request.acs;
    const inResponseTo = next.inResponseTo === null ? undefined : (next.inResponseTo ?? request.id);
    const issuer = el(NS.saml, 'saml:Issuer', {}, [entityId]);
    let body: XmlElement[] = [];
    if (next.status === undefined || next.status.code === STATUS.success) {
      const input: AssertionInput = {
        issuer: entityId,
        audience: spEntityId ?? (await spMetadata()).entityId,
        recipient: destination,
        inResponseTo,
        nameId: { value: user.nameId, format: 'persistent' },
        authnContextClassRef: shape.classRef,
        authnInstant: now,
        sessionIndex: newSamlId(),
        attributes: Object.entries(user.attributes).map(([name, values]) => ({
          name,
          nameFormat: shape.nameFormat,
          values,
        })),
        now,
        ...next.assertion,
      };
      const built = buildAssertion(input);
      const edit = next.editAssertion;
      const assertion = edit ? editAsDom(built.assertion, edit) : built.assertion;
      const assertionIssuer = assertion.children.find(
        (c): c is XmlElement => typeof c !== 'string' && c.qname === 'saml:Issuer',
      );
      if (next.signAssertion ?? true) signEnveloped(assertion, signingKey, assertionIssuer ?? null);
      const encryption = next.encryption ?? shape.encryption;
      let carried = assertion;
      if (encryption !== 'none') {
        const pem = encryptionCertPem ?? (await spEncryptionCert());
        carried =
          encryption === 'gcm' && next.keyTransport === undefined && next.plaintext === undefined
            ? await encryptAssertion(assertion, pem)
            : await encryptLegacy(assertion, pem, encryption, next.keyTransport, next.plaintext);
      }
      body = [statusElement(STATUS.success), carried];
    } else {
      body = [statusElement(next.status.code, next.status.sub)];
    }
    const response = el(
      NS.samlp,
      'samlp:Response',
      {
        Destination: destination,
        ID: newSamlId(),
        InResponseTo: inResponseTo,
        IssueInstant: samlInstant(now),
        Version: '2.0',
      },
      [issuer, ...body],
    );
    if (next.signResponse ?? shape.signResponse) signEnveloped(response, signingKey, issuer);
    const xml = writeCanonical(response, { wire: true });
    return next.mutate ? next.mutate(xml) : xml;
  }

  async function spEncryptionCert(): Promise<string> {
    const pem = (await spMetadata()).encryption[0];
    if (pem === undefined) throw new Error('no encryption certificate in the SP metadata');
    return pem;
  }

  return idp;
}

/** ADFS's AES-256-CBC (or a refused algorithm, for tests) with xml-encryption. */
async function encryptLegacy(
  assertion: XmlElement,
  certificatePem: string,
  encryption: 'gcm' | 'cbc',
  keyTransport: KeyEncryptionAlgorithm = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  edit: (assertionXml: string) => string = (xml) => xml,
): Promise<XmlElement> {
  const cert = new X509Certificate(certificatePem);
  const plaintext = edit(writeCanonical(assertion, { wire: true }));
  const encrypted = await new Promise<string>((resolve, reject) => {
    encrypt(
      plaintext,
      {
        rsa_pub: cert.publicKey.export({ type: 'spki', format: 'pem' }),
        pem: cert.toString(),
        encryptionAlgorithm:
          encryption === 'cbc'
            ? 'http://www.w3.org/2001/04/xmlenc#aes256-cbc'
            : 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        keyEncryptionAlgorithm: keyTransport,
        disallowEncryptionWithInsecureAlgorithm: false,
        warnInsecureAlgorithm: false,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  const parsed = new DOMParser().parseFromString(encrypted, 'application/xml').documentElement;
  if (parsed === null) throw new Error('xml-encryption returned nothing');
  return el(NS.saml, 'saml:EncryptedAssertion', {}, [fromDom(parsed)]);
}

/** SAML Bindings §3.4.4.1: the signature is over `SAMLRequest=…&RelayState=…&SigAlg=…` as received. */
function verifyRedirect(rawQuery: string, certificatesPem: string[]): boolean {
  const parts = new Map<string, string>();
  for (const p of rawQuery.split('&')) {
    const i = p.indexOf('=');
    parts.set(p.slice(0, i), p.slice(i + 1));
  }
  const sigAlg = decodeURIComponent(parts.get('SigAlg') ?? '');
  if (sigAlg !== 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256') return false;
  const signedText = ['SAMLRequest', 'RelayState', 'SigAlg']
    .filter((k) => parts.has(k))
    .map((k) => `${k}=${parts.get(k)}`)
    .join('&');
  const signature = Buffer.from(decodeURIComponent(parts.get('Signature') ?? ''), 'base64');
  return certificatesPem.some((pem) => createVerify('RSA-SHA256').update(signedText).verify(pem, signature));
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
