/**
 * Verifies one enveloped ds:Signature of a school's Response or Assertion on the already parsed document,
 * with the school's signing keys parsed once per metadata load (XML-DSig 1.1 §3.2 core validation; SAML
 * Core 2.0 §5.4). The canonicalisation is xml-crypto's, the RSA/ECDSA and digest work node:crypto's through
 * the same allow-listed algorithm table as every other signature Passi checks (xml-crypto-algorithms.ts);
 * what this file saves is xml-crypto's re-parsing of the whole message and its XPath searches per check.
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
 * canonicalised (a same-document reference, XML-DSig 1.1 §4.4.3.3), and the readers ignore them too.
 */
import type { KeyObject } from 'node:crypto';
import type { Element, Node } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { isElement } from '../../protocols/saml/canonical-xml.ts';
import { ALG, NS } from '../../protocols/saml/namespaces.ts';
import { withStrongAlgorithms } from '../../protocols/saml/xml-crypto-algorithms.ts';
import { childElement, childElements } from '../../protocols/saml/xml-dom.ts';

/** The allow-listed algorithm classes (SHA-1 and HMAC are absent), looked up by URI. */
const ALGORITHMS = withStrongAlgorithms(new SignedXml());

/** Returns why the signature is refused, or undefined when it verifies with one of `keys`. */
export function schoolSignatureProblem(
  signed: Element,
  signature: Element,
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
  const referenceOctets = exclusiveC14n(new WithoutSubtree(enveloped >= 0 ? signature : null), signed, {});
  const digest = Buffer.from(new Hash().getHash(referenceOctets), 'base64');
  const expected = Buffer.from(childElement(reference, NS.ds, 'DigestValue')?.textContent ?? '', 'base64');
  if (!digest.equals(expected)) return 'the digest does not match the signed element';

  const prefixList = inclusivePrefixes(signedInfo);
  // With a PrefixList, xml-crypto writes those prefixes' declarations onto the element: give it a copy.
  const signedInfoOctets =
    prefixList.length === 0
      ? exclusiveC14n(new WithoutSubtree(null), signedInfo, {})
      : exclusiveC14n(new WithoutSubtree(null), signedInfo.cloneNode(true), {
          inclusiveNamespacesPrefixList: prefixList,
          ancestorNamespaces: inScopeNamespaces(signedInfo),
        });
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

/**
 * xml-crypto's exclusive canonicaliser, leaving out one subtree. It renders children through
 * `processInner`, so the override sees every node; were that to change, the Signature would be digested
 * along and every signature would fail: closed, not open.
 */
class WithoutSubtree extends ExclusiveCanonicalization {
  constructor(private readonly excluded: Node | null) {
    super();
  }
  override processInner(
    node: unknown,
    prefixesInScope: unknown,
    defaultNs: unknown,
    defaultNsForPrefix: unknown,
    inclusiveNamespacesPrefixList: string[],
  ): string {
    if (node === this.excluded) return '';
    return super.processInner(
      node,
      prefixesInScope,
      defaultNs,
      defaultNsForPrefix,
      inclusiveNamespacesPrefixList,
    );
  }
}

type C14nOptions = Parameters<ExclusiveCanonicalization['process']>[1];

function exclusiveC14n(c14n: WithoutSubtree, node: Node, options: C14nOptions): string {
  // xml-crypto declares its canonicalisers on the DOM library's Element; it reads only the DOM Level 2
  // members @xmldom/xmldom's nodes carry (nodeType, tagName, prefix, namespaceURI, attributes, childNodes,
  // data), and node-saml and xml-crypto run it on @xmldom/xmldom documents themselves.
  return c14n.process(node as unknown as globalThis.Element, options);
}

function algorithmOf(parent: Element, localName: string): string {
  return childElement(parent, NS.ds, localName)?.getAttribute('Algorithm') ?? '';
}

function isChild(parent: Element, child: Element): boolean {
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) if (c === child) return true;
  return false;
}

/** Exc-C14N §3 InclusiveNamespaces PrefixList on SignedInfo's CanonicalizationMethod. */
function inclusivePrefixes(signedInfo: Element): string[] {
  const method = childElement(signedInfo, NS.ds, 'CanonicalizationMethod');
  const inclusive = method === null ? null : childElement(method, ALG.excC14n, 'InclusiveNamespaces');
  return (inclusive?.getAttribute('PrefixList') ?? '').split(/\s+/).filter((p) => p !== '');
}

/** Namespace declarations in scope from the ancestors of `element`, the nearest winning. */
function inScopeNamespaces(element: Element): { prefix: string; namespaceURI: string }[] {
  const found = new Map<string, string>();
  for (let e = element.parentNode; e !== null; e = e.parentNode) {
    if (!isElement(e)) break;
    const attributes = e.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes.item(i);
      if (a === null || a.namespaceURI !== NS.xmlns) continue;
      const prefix = a.prefix === 'xmlns' ? (a.localName ?? '') : '';
      if (!found.has(prefix)) found.set(prefix, a.value);
    }
  }
  return [...found].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}
