/**
 * Reading helpers over @xmldom/xmldom's DOM, for the documents Passi receives (a school's Response, a
 * service's AuthnRequest, metadata). What Passi emits is built as an element tree (xml-tree.ts).
 */
import type { Element } from '@xmldom/xmldom';

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
