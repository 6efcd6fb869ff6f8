/**
 * Reads a service provider's SAML metadata (SAML Metadata 2.0 §2.3.2 EntityDescriptor, §2.4.4
 * SPSSODescriptor) for registering a service: entity id, HTTP-POST AssertionConsumerService endpoints,
 * signing and encryption certificates. MPASSid requires a signing certificate
 * (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service, 2.6), and a certificate must be valid now.
 * Every refusal carries a `reason` the portal turns into a sentence in the page's language.
 */
import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { BINDING, NS } from './namespaces.ts';
import { parseXml } from './parse-xml.ts';
import { childElement, childElements } from './xml-dom.ts';
import type { XmlElementView } from './xml-view.ts';

export type SpMetadataProblem =
  | 'too-large'
  | 'doctype'
  | 'not-xml'
  | 'not-entity-descriptor'
  | 'no-sp-descriptor'
  | 'no-acs'
  | 'no-signing-certificate'
  | 'certificate-invalid'
  | 'certificate-expired';

export interface SpMetadata {
  readonly entityId: string;
  /** HTTP-POST endpoints only (Passi answers with HTTP-POST). */
  readonly acs: readonly { location: string; index: number; isDefault: boolean }[];
  /** Bare base64 bodies, as the registry keeps them. */
  readonly signingCertificates: readonly string[];
  readonly encryptionCertificates: readonly string[];
  readonly nameIdFormats: readonly string[];
}

/** An SP's metadata is a few KB; the cap keeps an upload or a fetched answer from costing much. */
export const MAX_SP_METADATA_BYTES = 512 * 1024;

const DTD = /<!\s*doctype/i;

export function readSpMetadata(xml: string, now: Date): SpMetadata {
  if (Buffer.byteLength(xml, 'utf8') > MAX_SP_METADATA_BYTES)
    throw problem('too-large', `larger than ${MAX_SP_METADATA_BYTES} bytes`);
  if (DTD.test(xml)) throw problem('doctype', 'a DOCTYPE is not accepted');
  let root: Element | null;
  try {
    root = parseXml(xml, { maxBytes: MAX_SP_METADATA_BYTES }).documentElement;
  } catch {
    throw problem('not-xml', 'not well-formed XML');
  }
  if (root === null || root.namespaceURI !== NS.md || root.localName !== 'EntityDescriptor')
    throw problem('not-entity-descriptor', 'the root element must be md:EntityDescriptor');
  const entityId = (root.getAttribute('entityID') ?? '').trim();
  if (entityId === '' || entityId.length > 1024)
    throw problem('not-entity-descriptor', 'entityID is missing');
  const sp = childElements(root).find((e) => e.namespaceURI === NS.md && e.localName === 'SPSSODescriptor');
  if (sp === undefined || !(sp.getAttribute('protocolSupportEnumeration') ?? '').includes(NS.samlp))
    throw problem('no-sp-descriptor', 'no SAML 2.0 SPSSODescriptor');

  const acs = childElements(sp)
    .filter((e) => e.namespaceURI === NS.md && e.localName === 'AssertionConsumerService')
    .filter((e) => e.getAttribute('Binding') === BINDING.post)
    .map((e, i) => ({
      location: e.getAttribute('Location') ?? '',
      index: Number.parseInt(e.getAttribute('index') ?? String(i), 10),
      isDefault: e.getAttribute('isDefault') === 'true',
    }));
  if (acs.length === 0) throw problem('no-acs', 'no AssertionConsumerService with the HTTP-POST binding');

  const signing: string[] = [];
  const encryption: string[] = [];
  for (const kd of childElements(sp)) {
    if (kd.namespaceURI !== NS.md || kd.localName !== 'KeyDescriptor') continue;
    const use = kd.getAttribute('use') ?? '';
    for (const text of x509Texts(kd)) {
      const body = text.replace(/\s+/g, '');
      checkCertificate(body, now);
      // SAML Metadata 2.0 §2.4.1.1: a KeyDescriptor without `use` serves both purposes.
      if (use === '' || use === 'signing') signing.push(body);
      if (use === '' || use === 'encryption') encryption.push(body);
    }
  }
  if (signing.length === 0) throw problem('no-signing-certificate', 'no signing certificate');
  const nameIdFormats = childElements(sp)
    .filter((e) => e.namespaceURI === NS.md && e.localName === 'NameIDFormat')
    .map((e) => (e.textContent ?? '').trim());
  return { entityId, acs, signingCertificates: signing, encryptionCertificates: encryption, nameIdFormats };
}

function checkCertificate(base64: string, now: Date): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    throw problem('certificate-invalid', 'a certificate is not valid X.509');
  }
  if (Date.parse(cert.validTo) <= now.getTime())
    throw problem('certificate-expired', `a certificate expired on ${cert.validTo}`);
}

function x509Texts(keyDescriptor: XmlElementView): string[] {
  const keyInfo = childElement(keyDescriptor, NS.ds, 'KeyInfo');
  if (keyInfo === null) return [];
  return childElements(keyInfo)
    .filter((d) => d.namespaceURI === NS.ds && d.localName === 'X509Data')
    .flatMap((d) => childElements(d))
    .filter((c) => c.namespaceURI === NS.ds && c.localName === 'X509Certificate')
    .map((c) => c.textContent ?? '');
}

function problem(reason: SpMetadataProblem, message: string): PassiError {
  return new PassiError(ErrorCodes.PORTAL_SERVICE_METADATA_INVALID, `SAML metadata refused: ${message}`, {
    detail: { reason },
    expose: true,
  });
}
