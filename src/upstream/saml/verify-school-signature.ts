/**
 * Verifies one enveloped ds:Signature of a school's Response or Assertion on the already parsed document
 * (read through the view of xml-view.ts), with the school's signing keys parsed once per metadata load
 * (XML-DSig 1.1 §3.2 core validation; SAML Core 2.0 §5.4). The canonical forms are written by Passi's own
 * Exclusive XML Canonicalization writer (canonical-xml.ts), but for a SignedInfo whose
 * CanonicalizationMethod names an InclusiveNamespaces PrefixList, which xml-crypto's canonicaliser writes
 * from a copy of SignedInfo. The RSA/ECDSA and digest work is node:crypto's through the same
 * allow-listed algorithm table as every other signature Passi checks
 * (xml-crypto-algorithms.ts). What this file saves is xml-crypto's re-parsing of the whole message, its
 * XPath searches and its canonicaliser's per-node copies (docs/performance.md).
 *
 * Called only after check-response-structure.ts has fixed the shape (signature-shape rules of
 * check-signature-shape.ts): the Signature is a direct child of `signed`; its one Reference is `#` + the
 * signed element's ID, and that ID is unique in the document (no signature wrapping can make the digest
 * cover another element); transforms ⊆ {enveloped-signature, exc-c14n} without parameters; exc-c14n for
 * SignedInfo; SHA-256+ digests and signatures. On top of those rules the enveloped-signature transform
 * must list exc-c14n, after enveloped-signature when both are listed (what every SAML signer writes; a
 * reference left to the implicit inclusive C14N 1.0 is refused).
 *
 * The digest is computed over the exclusive canonical form of `signed` without this Signature, written
 * from the very nodes the caller then reads: what Passi reads is what the signature covers. Comments are not
 * canonicalised (a same-document reference, XML-DSig 1.1 §4.4.3.3), and the readers ignore them too. A
 * signed element holding a node the writer does not render (a processing instruction, a lone surrogate)
 * is refused rather than digested some other way.
 */
import type { KeyObject } from 'node:crypto';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { canonicalize, escapeAttr, escapeText, isElement } from '../../protocols/saml/canonical-xml.ts';
import { ALG, NS } from '../../protocols/saml/namespaces.ts';
import { parseXml } from '../../protocols/saml/parse-xml.ts';
import { withStrongAlgorithms } from '../../protocols/saml/xml-crypto-algorithms.ts';
import { childElement, childElements } from '../../protocols/saml/xml-dom.ts';
import {
  CDATA_SECTION_NODE,
  COMMENT_NODE,
  TEXT_NODE,
  type XmlAttrView,
  type XmlElementView,
} from '../../protocols/saml/xml-view.ts';

/** The allow-listed algorithm classes (SHA-1 and HMAC are absent), looked up by URI. */
const ALGORITHMS = withStrongAlgorithms(new SignedXml());

/** Returns why the signature is refused, or undefined when it verifies with one of `keys`. */
export function schoolSignatureProblem(
  signed: XmlElementView,
  signature: XmlElementView,
  keys: readonly KeyObject[],
): string | undefined {
  const signedInfo = childElement(signature, NS.ds, 'SignedInfo');
  const reference = signedInfo === null ? null : childElement(signedInfo, NS.ds, 'Reference');
  if (signedInfo === null || reference === null) return 'no SignedInfo or Reference';
  const transformsEl = childElement(reference, NS.ds, 'Transforms');
  const transforms = (transformsEl === null ? [] : childElements(transformsEl)).map(
    (t) => t.getAttribute('Algorithm') ?? '',
  );
  const enveloped = transforms.indexOf(ALG.enveloped);
  const exclusive = transforms.indexOf(ALG.excC14n);
  if (new Set(transforms).size !== transforms.length) return 'a Transform is listed twice';
  if (exclusive < 0) return 'the Reference must be canonicalised with exc-c14n';
  if (enveloped > exclusive) return 'enveloped-signature must come before exc-c14n';

  const Hash = ALGORITHMS.HashAlgorithms[algorithmOf(reference, 'DigestMethod')];
  const Signature = ALGORITHMS.SignatureAlgorithms[algorithmOf(signedInfo, 'SignatureMethod')];
  if (Hash === undefined || Signature === undefined) return 'algorithm not allowed';

  if (!isChild(signed, signature)) return 'the Signature is not a child of the signed element';
  // Enveloped-signature transform (XML-DSig 1.1 §6.6.4) as a node filter: the Signature's subtree is left
  // out of the canonical form; the document itself stays as received and is not copied.
  const referenceOctets = canonicalOrUndefined(signed, enveloped >= 0 ? signature : undefined);
  if (referenceOctets === undefined) return UNCANONICAL;
  const digest = Buffer.from(new Hash().getHash(referenceOctets), 'base64');
  const expected = Buffer.from(childElement(reference, NS.ds, 'DigestValue')?.textContent ?? '', 'base64');
  if (!digest.equals(expected)) return 'the digest does not match the signed element';

  const prefixList = inclusivePrefixes(signedInfo);
  const signedInfoOctets =
    prefixList.length === 0
      ? canonicalOrUndefined(signedInfo, undefined)
      : withPrefixList(signedInfo, prefixList);
  if (signedInfoOctets === undefined) return UNCANONICAL;
  const value = (childElement(signature, NS.ds, 'SignatureValue')?.textContent ?? '').replace(/\s+/g, '');
  if (value === '') return 'no SignatureValue';
  const verifier = new Signature();
  for (const key of keys) {
    let ok = false;
    try {
      ok = verifier.verifySignature(signedInfoOctets, key, value);
    } catch {
      ok = false; // a key of another type than the algorithm: try the next trusted key
    }
    if (ok) return undefined;
  }
  return 'the signature does not verify with the school’s signing keys';
}

const UNCANONICAL = 'the signed element holds a node Exclusive XML Canonicalization is not written for here';

/**
 * xml-crypto's exclusive canonical form of SignedInfo with an InclusiveNamespaces PrefixList (Exc-C14N
 * §3), or undefined for a node the copy below does not carry. xml-crypto writes those prefixes'
 * declarations onto the element it is given and walks it as a DOM, while the received document is only
 * read (xml-view.ts): it gets a copy, SignedInfo written out as text and parsed again by parse-xml.ts.
 * It is declared on the DOM library's Element but reads only the DOM Level 2 members @xmldom/xmldom's
 * nodes carry (nodeType, tagName, prefix, namespaceURI, attributes, childNodes, data), and its
 * `setAttributeNS`.
 */
function withPrefixList(signedInfo: XmlElementView, prefixList: string[]): string | undefined {
  const ancestorNamespaces = inScopeNamespaces(signedInfo);
  let copy: globalThis.Element;
  try {
    const root = parseXml(subtreeText(signedInfo, ancestorNamespaces)).documentElement;
    if (root === null) return undefined;
    copy = root as unknown as globalThis.Element;
  } catch {
    return undefined;
  }
  return new ExclusiveCanonicalization().process(copy, {
    inclusiveNamespacesPrefixList: prefixList,
    ancestorNamespaces,
  });
}

/**
 * `element`'s subtree as XML text that parses back to the same names, namespaces, attribute values and
 * text: names and every attribute (namespace declarations included) as written; on the top element, the
 * declarations in scope from its ancestors that it does not make itself, so that a prefix declared
 * above it (ds: on the Response) still resolves. Text and CDATA become text, escaped as the canonical
 * writer escapes them (CR as `&#xD;`), and attribute values escape TAB, LF and CR as character
 * references, so neither line-end nor attribute-value normalisation (XML 1.0 §2.11, §3.3.3) changes them
 * on the way back; comments are left out, as the canonical form leaves them out (Exc-C14N without
 * comments). Any other node kind throws (the caller refuses the signature).
 */
function subtreeText(
  element: XmlElementView,
  ancestorNamespaces: readonly { prefix: string; namespaceURI: string }[],
): string {
  const declaredHere = new Set<string>();
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes.item(i);
    if (a !== null && a.namespaceURI === NS.xmlns) declaredHere.add(declaredPrefix(a));
  }
  const inherited: string[] = [];
  for (const { prefix, namespaceURI } of ancestorNamespaces) {
    if (declaredHere.has(prefix)) continue;
    inherited.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttr(namespaceURI), '"');
  }
  const out: string[] = [];
  writeSubtree(element, inherited, out);
  return out.join('');
}

function writeSubtree(el: XmlElementView, extra: readonly string[], out: string[]): void {
  out.push('<', el.tagName);
  const attributes = el.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes.item(i);
    if (a !== null) out.push(' ', a.name, '="', escapeAttr(a.value), '"');
  }
  out.push(...extra, '>');
  for (let c = el.firstChild; c !== null; c = c.nextSibling) {
    if (isElement(c)) writeSubtree(c, [], out);
    else if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE)
      out.push(escapeText(c.nodeValue ?? ''));
    else if (c.nodeType !== COMMENT_NODE)
      fail(ErrorCodes.INTERNAL, `SignedInfo copy: node type ${c.nodeType}`);
  }
  out.push('</', el.tagName, '>');
}

/** Passi's canonical form of `element` without `omit`, or undefined for a node it does not render. */
function canonicalOrUndefined(element: XmlElementView, omit: XmlElementView | undefined): string | undefined {
  try {
    return canonicalize(element, omit === undefined ? {} : { omit });
  } catch {
    return undefined;
  }
}

function algorithmOf(parent: XmlElementView, localName: string): string {
  return childElement(parent, NS.ds, localName)?.getAttribute('Algorithm') ?? '';
}

function isChild(parent: XmlElementView, child: XmlElementView): boolean {
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) if (c === child) return true;
  return false;
}

/** Exc-C14N §3 InclusiveNamespaces PrefixList on SignedInfo's CanonicalizationMethod. */
function inclusivePrefixes(signedInfo: XmlElementView): string[] {
  const method = childElement(signedInfo, NS.ds, 'CanonicalizationMethod');
  const inclusive = method === null ? null : childElement(method, ALG.excC14n, 'InclusiveNamespaces');
  return (inclusive?.getAttribute('PrefixList') ?? '').split(/\s+/).filter((p) => p !== '');
}

/** Namespace declarations in scope from the ancestors of `element`, the nearest winning. */
function inScopeNamespaces(element: XmlElementView): { prefix: string; namespaceURI: string }[] {
  const found = new Map<string, string>();
  for (let e = element.parentNode; e !== null; e = e.parentNode) {
    if (!isElement(e)) break;
    const attributes = e.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes.item(i);
      if (a === null || a.namespaceURI !== NS.xmlns) continue;
      const prefix = declaredPrefix(a);
      if (!found.has(prefix)) found.set(prefix, a.value);
    }
  }
  return [...found].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

/** The prefix a namespace declaration binds: `xmlns:ds` → `ds`, `xmlns` → '' (the default). */
function declaredPrefix(declaration: XmlAttrView): string {
  return declaration.prefix === 'xmlns' ? (declaration.localName ?? '') : '';
}
