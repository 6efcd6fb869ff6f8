/**
 * Reading helpers for the documents Passi receives (a school's Response, a service's AuthnRequest,
 * metadata), over the read-only view (xml-view.ts) that @xmldom/xmldom's nodes and Passi's own read tree
 * both offer. What Passi emits is built as an element tree (xml-tree.ts).
 */
import { isElementView, type XmlElementView } from './xml-view.ts';

/** First child element with the given namespace and local name, or null. */
export function childElement(parent: XmlElementView, ns: string, localName: string): XmlElementView | null {
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
    if (isElementView(c) && c.namespaceURI === ns && c.localName === localName) return c;
  }
  return null;
}

/** All child elements (any namespace). */
export function childElements(parent: XmlElementView): XmlElementView[] {
  const out: XmlElementView[] = [];
  for (let c = parent.firstChild; c !== null; c = c.nextSibling) if (isElementView(c)) out.push(c);
  return out;
}
