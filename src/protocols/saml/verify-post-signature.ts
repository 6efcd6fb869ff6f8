/**
 * Enveloped XML signature on a POSTed message (AuthnRequest), checked with xml-crypto after strict
 * structural rules (SAML Core 2.0 §5.4; SAML Bindings 2.0 §3.5.4):
 * exactly one ds:Signature in the document, a child of the root; exactly one Reference, to `#` + the
 * root's ID, and that ID carried by no other element; transforms ⊆ {enveloped, exc-c14n}; exc-c14n
 * canonicalisation; SHA-256+ digests and RSA/ECDSA SHA-256+ signatures; the key only from the
 * registered certificates (`getCertFromKeyInfo: () => null`). What is returned is the element
 * re-parsed from xml-crypto's signed-reference bytes — "verify, then read only the verified bytes".
 */
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { ALG, NS } from './namespaces.ts';
import { type ParseXmlOptions, parseXml } from './parse-xml.ts';
import {
  ALLOWED_DIGEST_METHODS,
  ALLOWED_SIGNATURE_METHODS,
  withStrongAlgorithms,
} from './xml-crypto-algorithms.ts';
import { childElement, childElements } from './xml-dom.ts';
import type { XmlDocumentView, XmlElementView } from './xml-view.ts';

const ALLOWED_TRANSFORMS: ReadonlySet<string> = new Set([ALG.enveloped, ALG.excC14n]);

/**
 * True when the document carries any ds:Signature (so the caller can decide signed vs unsigned policy).
 * Takes the caller's parsed document: the same bytes are not parsed twice.
 */
export function hasXmlSignature(doc: XmlDocumentView): boolean {
  const root = doc.documentElement;
  if (root === null) return false;
  if (root.namespaceURI === NS.ds && root.localName === 'Signature') return true;
  return root.getElementsByTagNameNS(NS.ds, 'Signature').length > 0;
}

export function verifyPostSignature(
  xml: string,
  certificatesPem: readonly string[],
  options?: ParseXmlOptions,
): Element {
  const doc = parseXml(xml, options);
  const root = doc.documentElement;
  if (root === null) throw bad('no root element');
  const id = root.getAttribute('ID') ?? '';
  if (id === '') throw bad('root element has no ID');

  const signatures = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  if (signatures.length === 0)
    throw new PassiError(ErrorCodes.SIGNATURE_REQUIRED, 'the request must be signed');
  const signature = signatures.item(0);
  if (signatures.length !== 1 || signature === null) throw bad('more than one Signature');
  if (signature.parentNode !== root) throw bad('Signature is not a child of the root element');

  const signedInfo = childElement(signature, NS.ds, 'SignedInfo');
  if (signedInfo === null) throw bad('no SignedInfo');
  if (algorithmOf(signedInfo, 'CanonicalizationMethod') !== ALG.excC14n)
    throw bad('CanonicalizationMethod must be exc-c14n');
  const signatureMethod = algorithmOf(signedInfo, 'SignatureMethod');
  if (!ALLOWED_SIGNATURE_METHODS.has(signatureMethod))
    throw bad(`SignatureMethod ${signatureMethod} not allowed`);
  const references = childElements(signedInfo).filter(
    (e) => e.namespaceURI === NS.ds && e.localName === 'Reference',
  );
  const reference = references[0];
  if (references.length !== 1 || reference === undefined) throw bad('exactly one Reference required');
  if (reference.getAttribute('URI') !== `#${id}`) throw bad('Reference does not point to the root element');
  const transformsEl = childElement(reference, NS.ds, 'Transforms');
  const transforms = transformsEl === null ? [] : childElements(transformsEl);
  if (transforms.length > 2) throw bad('too many Transforms');
  for (const t of transforms) {
    if (t.localName !== 'Transform' || !ALLOWED_TRANSFORMS.has(t.getAttribute('Algorithm') ?? ''))
      throw bad('Transform not allowed');
  }
  const digestMethod = algorithmOf(reference, 'DigestMethod');
  if (!ALLOWED_DIGEST_METHODS.has(digestMethod)) throw bad(`DigestMethod ${digestMethod} not allowed`);
  if (countId(root, id) !== 1) throw bad('ID is not unique in the document');
  if (certificatesPem.length === 0) throw bad('no registered signing certificate'); // fail closed

  for (const pem of certificatesPem) {
    const sig = withStrongAlgorithms(new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null }));
    sig.loadSignature(signature.toString());
    let ok = false;
    try {
      ok = sig.checkSignature(xml);
    } catch {
      ok = false; // xml-crypto throws on a wrong value; try the next registered certificate
    }
    if (!ok) continue;
    const signed = sig.getSignedReferences();
    const verified =
      signed.length === 1 && signed[0] !== undefined ? parseXml(signed[0], options).documentElement : null;
    if (
      verified === null ||
      verified.localName !== root.localName ||
      verified.namespaceURI !== root.namespaceURI ||
      verified.getAttribute('ID') !== id
    ) {
      throw bad('signed reference is not the root element');
    }
    return verified;
  }
  throw bad('signature does not verify with any registered certificate');
}

function algorithmOf(parent: XmlElementView, localName: string): string {
  return childElement(parent, NS.ds, localName)?.getAttribute('Algorithm') ?? '';
}

/** Elements anywhere in the tree carrying `id` in an ID-like attribute (XSW defence). */
function countId(root: XmlElementView, id: string): number {
  let n = 0;
  const stack: XmlElementView[] = [root];
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    if (e.getAttribute('ID') === id || e.getAttribute('Id') === id || e.getAttribute('id') === id) n++;
    stack.push(...childElements(e));
  }
  return n;
}

function bad(reason: string): PassiError {
  return new PassiError(ErrorCodes.SIGNATURE_INVALID, `request signature rejected: ${reason}`, {
    detail: { reason },
  });
}
