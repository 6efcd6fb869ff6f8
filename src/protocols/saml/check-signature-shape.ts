/**
 * Structural rules for an enveloped ds:Signature before any cryptography (SAML Core 2.0
 * §5.4, XML Signature): a direct child of the element it signs; exactly one Reference whose URI is `#` + that
 * element's ID; transforms ⊆ {enveloped-signature, exc-c14n}, at most 2; exc-c14n canonicalisation;
 * SignatureMethod and DigestMethod from the allow-list (SHA-1 and HMAC refused, GHSA-c27r-x354-4m68);
 * exactly one SignedInfo and one DigestValue without comments or child elements (CVE-2025-29774/29775).
 */
import { ALG, NS } from './namespaces.ts';
import { ALLOWED_DIGEST_METHODS, ALLOWED_SIGNATURE_METHODS } from './xml-crypto-algorithms.ts';
import { childElements } from './xml-dom.ts';
import type { XmlElementView } from './xml-view.ts';

const ALLOWED_TRANSFORMS: ReadonlySet<string> = new Set([ALG.enveloped, ALG.excC14n]);

/** Returns the reason the signature is refused, or undefined when its shape is acceptable. */
export function signatureShapeProblem(signature: XmlElementView, signed: XmlElementView): string | undefined {
  if (signature.parentNode !== signed) return 'Signature is not a direct child of the signed element';
  const children = childElements(signature);
  const signedInfos = children.filter((c) => c.namespaceURI === NS.ds && c.localName === 'SignedInfo');
  const signedInfo = signedInfos[0];
  if (signedInfos.length !== 1 || signedInfo === undefined) return 'exactly one SignedInfo required';
  if (children.some((c) => c.namespaceURI === NS.ds && c.localName === 'Object'))
    return 'ds:Object not allowed';
  const parts = childElements(signedInfo);
  const algorithm = (name: string, parent: XmlElementView = signedInfo) => {
    const found = childElements(parent).filter((c) => c.namespaceURI === NS.ds && c.localName === name);
    return found.length === 1 ? (found[0]?.getAttribute('Algorithm') ?? '') : '';
  };
  if (algorithm('CanonicalizationMethod') !== ALG.excC14n) return 'CanonicalizationMethod must be exc-c14n';
  const method = algorithm('SignatureMethod');
  if (!ALLOWED_SIGNATURE_METHODS.has(method)) return `SignatureMethod ${method || '(none)'} not allowed`;
  const references = parts.filter((c) => c.namespaceURI === NS.ds && c.localName === 'Reference');
  const reference = references[0];
  if (references.length !== 1 || reference === undefined) return 'exactly one Reference required';
  const id = signed.getAttribute('ID') ?? '';
  if (id === '' || reference.getAttribute('URI') !== `#${id}`)
    return 'Reference does not point to the signed element';
  const transforms = childElements(reference).filter((c) => c.localName === 'Transforms');
  if (transforms.length > 1) return 'more than one Transforms';
  const list = transforms[0] === undefined ? [] : childElements(transforms[0]);
  if (list.length > 2) return 'too many Transforms';
  for (const t of list) {
    if (t.localName !== 'Transform' || !ALLOWED_TRANSFORMS.has(t.getAttribute('Algorithm') ?? ''))
      return 'Transform not allowed';
    if (childElements(t).length > 0) return 'Transform parameters not allowed';
  }
  const digest = algorithm('DigestMethod', reference);
  if (!ALLOWED_DIGEST_METHODS.has(digest)) return `DigestMethod ${digest || '(none)'} not allowed`;
  const values = childElements(reference).filter(
    (c) => c.namespaceURI === NS.ds && c.localName === 'DigestValue',
  );
  const value = values[0];
  if (values.length !== 1 || value === undefined) return 'exactly one DigestValue required';
  for (let n = value.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType !== 3) return 'DigestValue must be plain text';
  }
  return undefined;
}
