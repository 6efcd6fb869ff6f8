/**
 * Exclusive XML Canonicalization 1.0 (without comments, empty InclusiveNamespaces PrefixList) of an
 * element subtree, written straight from the nodes as parsed, read through the view of xml-view.ts (so
 * @xmldom/xmldom's nodes and Passi's own read tree alike). Passi's own messages are written from their
 * element tree by write-canonical-tree.ts, by the same rules.
 *
 * Its use: a school's signed Response or Assertion, whose digest is computed over this writer's output for
 * the very nodes Passi then reads, with `omit` leaving out the enveloped Signature (XML-DSig 1.1 §6.6.4). Why not
 * xml-crypto's canonicaliser: it costs several times as much, copies the in-scope prefix list for every
 * node, and departs from the specification where real documents seldom go (prefixes ordered by locale,
 * attributes by namespace URI and local name run together, a processing instruction written as text);
 * docs/performance.md "The school's digest with Passi's own canonical writer".
 *
 * Rules implemented (Exc-C14N §3 on top of C14N 1.0 §2.3):
 * - a namespace declaration is rendered on an element only where its prefix is visibly utilised (the
 *   element's own prefix or one of its attributes' prefixes) and the nearest output ancestor does not
 *   already render the same prefix with the same URI; `xmlns=""` only to undo a rendered default;
 *   declarations present in the DOM are ignored (they are not visibly utilised by themselves);
 * - namespace declarations sorted by prefix (default first), then attributes sorted by namespace URI,
 *   then local name (unqualified attributes first);
 * - no self-closing tags; text escapes & < > and CR; attribute values escape & < " TAB LF CR;
 * - comments are dropped; processing instructions and other node kinds are refused (no SAML signer
 *   writes them inside a signed element; a school's signature over one is refused, not guessed at);
 * - names and namespace URIs compared by code point (C14N 1.0 §2.2), as libxml2/xmlsec1 compare them.
 */
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { NS } from './namespaces.ts';
import {
  CDATA_SECTION_NODE,
  COMMENT_NODE,
  ELEMENT_NODE,
  TEXT_NODE,
  type XmlAttrView,
  type XmlElementView,
  type XmlNodeView,
} from './xml-view.ts';

/** XML 1.0 §2.2 `Char` minus nothing: anything outside it cannot be carried in XML at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface CanonicalizeOptions {
  /** A subtree left out of the output: the enveloped-signature transform's Signature. */
  readonly omit?: XmlNodeView;
}

export function canonicalize(element: XmlElementView, options: CanonicalizeOptions = {}): string {
  const out: string[] = [];
  writeElement(element, new Map([['', '']]), out, options.omit);
  return out.join('');
}

function writeElement(
  el: XmlElementView,
  inScope: ReadonlyMap<string, string>,
  out: string[],
  omit: XmlNodeView | undefined,
): void {
  const qname = el.tagName;
  // Arrays only where an element needs them: most of a SAML document's elements declare nothing and
  // carry one attribute or none (docs/performance.md "Less garbage per login").
  let decls = wantDeclaration(el.prefix ?? '', el.namespaceURI ?? '', inScope, undefined);
  let attrs: XmlAttrView[] | undefined;
  const list = el.attributes;
  for (let i = 0; i < list.length; i++) {
    const a = list.item(i);
    if (a === null || isNamespaceDeclaration(a)) continue;
    if (attrs === undefined) attrs = [a];
    else attrs.push(a);
    const p = a.prefix;
    if (p && p !== 'xml') decls = wantDeclaration(p, a.namespaceURI ?? '', inScope, decls);
  }
  let scope = inScope;
  out.push('<', qname);
  if (decls !== undefined) {
    const next = new Map(scope);
    sortPairsByKey(decls);
    for (let i = 0; i < decls.length; i += 2) {
      const prefix = decls[i] ?? '';
      const uri = decls[i + 1] ?? '';
      next.set(prefix, uri);
      out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttr(uri), '"');
    }
    scope = next;
  }
  if (attrs !== undefined) {
    sortAttributes(attrs);
    for (const a of attrs) out.push(' ', a.name, '="', escapeAttr(a.value), '"');
  }
  out.push('>');
  for (let c: XmlNodeView | null = el.firstChild; c !== null; c = c.nextSibling) {
    if (isElement(c)) {
      if (c !== omit) writeElement(c, scope, out, omit);
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

/**
 * Adds `prefix` → `uri` to the declarations the element must render (as flat prefix, URI pairs), unless
 * the nearest output ancestor already renders it or the element already wants that prefix (the first
 * use wins: the element's own prefix, then its attributes' in document order).
 */
function wantDeclaration(
  prefix: string,
  uri: string,
  scope: ReadonlyMap<string, string>,
  decls: string[] | undefined,
): string[] | undefined {
  if (scope.get(prefix) === uri) return decls;
  if (decls === undefined) return [prefix, uri];
  for (let i = 0; i < decls.length; i += 2) if (decls[i] === prefix) return decls;
  decls.push(prefix, uri);
  return decls;
}

/** Namespace declarations by prefix, default first; an insertion sort, in place (a handful at most). */
function sortPairsByKey(pairs: string[]): void {
  for (let i = 2; i < pairs.length; i += 2) {
    const key = pairs[i] ?? '';
    const value = pairs[i + 1] ?? '';
    let j = i - 2;
    for (; j >= 0 && compare(pairs[j] ?? '', key) > 0; j -= 2) {
      pairs[j + 2] = pairs[j] ?? '';
      pairs[j + 3] = pairs[j + 1] ?? '';
    }
    pairs[j + 2] = key;
    pairs[j + 3] = value;
  }
}

/** Attributes by namespace URI, then local name (unqualified first); an insertion sort, in place. */
function sortAttributes(attrs: XmlAttrView[]): void {
  for (let i = 1; i < attrs.length; i++) {
    const a = attrs[i];
    if (a === undefined) continue;
    let j = i - 1;
    for (; j >= 0; j--) {
      const b = attrs[j];
      if (b === undefined || attributeOrder(b, a) <= 0) break;
      attrs[j + 1] = b;
    }
    attrs[j + 1] = a;
  }
}

function attributeOrder(a: XmlAttrView, b: XmlAttrView): number {
  return compare(a.namespaceURI ?? '', b.namespaceURI ?? '') || compare(localOf(a), localOf(b));
}

export function isElement(n: XmlNodeView): n is XmlElementView {
  return n.nodeType === ELEMENT_NODE;
}

function isNamespaceDeclaration(a: XmlAttrView): boolean {
  return a.namespaceURI === NS.xmlns || a.name === 'xmlns' || a.name.startsWith('xmlns:');
}

function localOf(a: XmlAttrView): string {
  return a.localName ?? a.name;
}

/**
 * Code-point order (C14N 1.0 §2.2). JavaScript's `<` compares UTF-16 units, which agrees except where a
 * surrogate (an astral character) meets a unit from U+E000 up; only there is the unit re-ranked.
 */
export function compare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  return codePointRank(a.charCodeAt(i)) - codePointRank(b.charCodeAt(i));
}

/** U+E000–U+FFFF move down below the surrogates, which move to the top: code-point order by unit. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
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
