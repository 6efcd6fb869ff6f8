/**
 * Exclusive XML Canonicalization 1.0 (without comments, empty InclusiveNamespaces PrefixList) of an
 * element subtree, written straight from the DOM.
 *
 * Why not xml-crypto's canonicaliser: it re-walks a parsed document with XPath and costs about 3 ms per
 * assertion. Passi builds its own assertions, so the tree is known to hold
 * only elements, attributes and text; this serialiser emits the canonical form in one pass, and the same
 * string is what Passi sends, so what is digested is byte-for-byte what the service canonicalises.
 *
 * Rules implemented (Exc-C14N §3 on top of C14N 1.0 §2.3):
 * - a namespace declaration is rendered on an element only where its prefix is visibly utilised (the
 *   element's own prefix or one of its attributes' prefixes) and the nearest output ancestor does not
 *   already render the same prefix with the same URI; `xmlns=""` only to undo a rendered default;
 *   declarations present in the DOM are ignored (they are not visibly utilised by themselves);
 * - namespace declarations sorted by prefix (default first), then attributes sorted by namespace URI,
 *   then local name (unqualified attributes first);
 * - no self-closing tags; text escapes & < > and CR; attribute values escape & < " TAB LF CR;
 * - comments are dropped; processing instructions and other node kinds are refused.
 *
 * `wire: true` additionally writes U+0085 and U+2028 as character references. They are XML 1.0 text,
 * but @xmldom/xmldom (under xml-crypto, node-saml and samlify) folds them into LF as XML 1.1 line ends
 * before parsing, which would break the service's digest; a character reference survives that and
 * canonicalises back to the same character, so the signature still covers exactly these bytes' meaning.
 */
import type { Attr, Element, Node } from '@xmldom/xmldom';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { NS } from './namespaces.ts';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;

/** XML 1.0 §2.2 `Char` minus nothing: anything outside it cannot be carried in XML at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface CanonicalizeOptions {
  /** Serialise for sending (see above), not for digesting. */
  readonly wire?: boolean;
}

export function canonicalize(element: Element, options: CanonicalizeOptions = {}): string {
  const out: string[] = [];
  writeElement(element, new Map([['', '']]), out);
  const xml = out.join('');
  return options.wire && XML11_LINE_ENDS.test(xml) ? xml.replace(XML11_LINE_ENDS_G, toCharRef) : xml;
}

const XML11_LINE_ENDS = /[\u0085\u2028]/;
const XML11_LINE_ENDS_G = /[\u0085\u2028]/g;
const toCharRef = (c: string) => `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`;

function writeElement(el: Element, inScope: ReadonlyMap<string, string>, out: string[]): void {
  const qname = el.tagName;
  const wanted: [string, string][] = [[el.prefix ?? '', el.namespaceURI ?? '']];
  const attrs: Attr[] = [];
  const list = el.attributes;
  for (let i = 0; i < list.length; i++) {
    const a = list.item(i);
    if (a === null || isNamespaceDeclaration(a)) continue;
    attrs.push(a);
    const p = a.prefix;
    if (p && p !== 'xml') wanted.push([p, a.namespaceURI ?? '']);
  }
  let scope = inScope;
  const decls: [string, string][] = [];
  for (const [prefix, uri] of wanted) {
    if (scope.get(prefix) === uri) continue;
    if (decls.some(([p]) => p === prefix)) continue;
    decls.push([prefix, uri]);
  }
  out.push('<', qname);
  if (decls.length > 0) {
    const next = new Map(scope);
    decls.sort((a, b) => compare(a[0], b[0]));
    for (const [prefix, uri] of decls) {
      next.set(prefix, uri);
      out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttr(uri), '"');
    }
    scope = next;
  }
  if (attrs.length > 1) {
    attrs.sort(
      (a, b) => compare(a.namespaceURI ?? '', b.namespaceURI ?? '') || compare(localOf(a), localOf(b)),
    );
  }
  for (const a of attrs) out.push(' ', a.name, '="', escapeAttr(a.value), '"');
  out.push('>');
  for (let c: Node | null = el.firstChild; c !== null; c = c.nextSibling) {
    if (isElement(c)) {
      writeElement(c, scope, out);
      continue;
    }
    switch (c.nodeType) {
      case TEXT_NODE:
      case CDATA_SECTION_NODE:
        out.push(escapeText(c.nodeValue ?? ''));
        break;
      case COMMENT_NODE:
        break;
      default:
        fail(ErrorCodes.INTERNAL, `canonicalize: unsupported node type ${c.nodeType}`);
    }
  }
  out.push('</', qname, '>');
}

export function isElement(n: Node): n is Element {
  return n.nodeType === ELEMENT_NODE;
}

function isNamespaceDeclaration(a: Attr): boolean {
  return a.namespaceURI === NS.xmlns || a.name === 'xmlns' || a.name.startsWith('xmlns:');
}

function localOf(a: Attr): string {
  return a.localName ?? a.name;
}

/** Code-point order; every name Passi emits is ASCII, where this equals UTF-16 order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertChars(s: string): void {
  if (NOT_XML_CHAR.test(s)) {
    fail(ErrorCodes.INTERNAL, 'canonicalize: character outside the XML 1.0 Char production');
  }
}

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<"\t\n\r]/;

/** C14N 1.0 §2.3 text node rules. */
export function escapeText(s: string): string {
  assertChars(s);
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** C14N 1.0 §2.3 attribute node rules. */
export function escapeAttr(s: string): string {
  assertChars(s);
  if (!ATTR_SPECIAL.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}
