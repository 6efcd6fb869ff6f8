/**
 * The element tree every SAML message Passi emits is built as: element by element, with values kept
 * as values until the canonical writer escapes them (write-canonical-tree.ts), never from string
 * templates (the samlify GHSA-34r5 lesson). Plain objects rather than a DOM: the tree is only ever
 * built, signed and written, and @xmldom/xmldom's node bookkeeping cost a login more than the rest of
 * building its Response (docs/performance.md "The Response without a DOM, and production's key").
 */
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { compare, isElement } from './canonical-xml.ts';
import { NS } from './namespaces.ts';
import type { XmlElementView, XmlNodeView } from './xml-view.ts';

export interface XmlAttribute {
  /** As written: `Name`, or `prefix:name` when the attribute is in a namespace. */
  readonly qname: string;
  /** The attribute's namespace URI; '' for an unqualified attribute. */
  readonly ns: string;
  readonly value: string;
}

export interface XmlElement {
  /** The element's namespace URI ('' for none). */
  readonly ns: string;
  /** As written: `prefix:local`, or `local` in the default namespace. */
  readonly qname: string;
  /** In canonical order (namespace URI, then local name, by code point), so writing never sorts. */
  readonly attrs: readonly XmlAttribute[];
  /** Elements and text, in order; a signature is inserted here once the element is digested. */
  readonly children: XmlChild[];
}

export type XmlChild = XmlElement | string;
type Attrs = Readonly<Record<string, string | undefined>>;

/**
 * Creates `qname` in `ns`. Attributes with value `undefined` are left out; `xml:lang` goes into the XML
 * namespace, every other attribute is unqualified. Text children are escaped when written.
 */
export function el(
  ns: string,
  qname: string,
  attrs: Attrs = {},
  children: readonly XmlChild[] = [],
): XmlElement {
  const list: XmlAttribute[] = [];
  for (const name in attrs) {
    const value = attrs[name];
    if (value !== undefined)
      insertInOrder(list, { qname: name, ns: name.startsWith('xml:') ? NS.xml : '', value });
  }
  return { ns, qname, attrs: list, children: children.slice() };
}

/** The element's `ID` attribute (the reference an enveloped signature names), if it has one. */
export function idOf(element: XmlElement): string | undefined {
  for (const a of element.attrs) if (a.qname === 'ID' && a.ns === '') return a.value;
  return undefined;
}

/**
 * A parsed element as a tree (what a library hands back as XML text, such as xml-encryption's
 * EncryptedData). Namespace declarations are dropped (the writer renders what is used); comments too,
 * as canonicalisation drops them; any other node kind is refused.
 */
export function fromDom(element: XmlElementView): XmlElement {
  const attrs: XmlAttribute[] = [];
  for (let i = 0; i < element.attributes.length; i++) {
    const a = element.attributes.item(i);
    if (a === null || a.namespaceURI === NS.xmlns || a.name === 'xmlns' || a.name.startsWith('xmlns:'))
      continue;
    insertInOrder(attrs, { qname: a.name, ns: a.namespaceURI ?? '', value: a.value });
  }
  const children: XmlChild[] = [];
  for (let c: XmlNodeView | null = element.firstChild; c !== null; c = c.nextSibling) {
    if (isElement(c)) children.push(fromDom(c));
    else if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) children.push(c.nodeValue ?? '');
    else if (c.nodeType !== COMMENT_NODE)
      fail(ErrorCodes.INTERNAL, `fromDom: unsupported node type ${c.nodeType}`);
  }
  return { ns: element.namespaceURI ?? '', qname: element.tagName, attrs, children };
}

/**
 * Exc-C14N's attribute order (C14N 1.0 §2.2: namespace URI, then local name; unqualified first; by code
 * point), kept as the list is built: an insertion, as an element has a handful of attributes at most.
 */
function insertInOrder(list: XmlAttribute[], attribute: XmlAttribute): void {
  let i = list.length;
  list.push(attribute);
  for (; i > 0; i--) {
    const before = list[i - 1];
    if (before === undefined || attributeOrder(before, attribute) <= 0) break;
    list[i] = before;
  }
  list[i] = attribute;
}

function attributeOrder(a: XmlAttribute, b: XmlAttribute): number {
  return compare(a.ns, b.ns) || compare(localOf(a.qname), localOf(b.qname));
}

function localOf(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;
