/**
 * Tiny DOM construction helpers: every SAML message Passi emits is built node by node with
 * createElementNS / setAttribute / createTextNode, never from string templates
 * (the samlify GHSA-34r5 lesson).
 */
import { DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import { NS } from './namespaces.ts';

export type Attrs = Readonly<Record<string, string | undefined>>;
export type Child = Element | string;

export function newDocument(): Document {
  return new DOMImplementation().createDocument(null, '', null);
}

/**
 * Creates `qname` in `ns`. Attributes with value `undefined` are left out; `xml:lang` goes into the XML
 * namespace. Children are elements or text (appended as a Text node, so the serialiser escapes it).
 */
export function el(
  doc: Document,
  ns: string,
  qname: string,
  attrs: Attrs = {},
  children: readonly Child[] = [],
): Element {
  const e = doc.createElementNS(ns, qname);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (name.startsWith('xml:')) e.setAttributeNS(NS.xml, name, value);
    else e.setAttribute(name, value);
  }
  for (const c of children) e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  return e;
}

/** First child element with the given namespace and local name, or null. */
export function childElement(parent: Element, ns: string, localName: string): Element | null {
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && c.namespaceURI === ns && c.localName === localName && isEl(c)) return c;
  }
  return null;
}

/** All child elements (any namespace). */
export function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) if (isEl(c)) out.push(c);
  return out;
}

function isEl(n: { nodeType: number }): n is Element {
  return n.nodeType === 1;
}
