/**
 * The DOM members Passi's readers of received XML use, and nothing else. Both @xmldom/xmldom's nodes
 * (a service's request, metadata) and Passi's own read tree for a school's Response (xml-read-tree.ts)
 * have them, so the checks, the canonical writer and the readers are written once for both.
 * Read-only: what Passi received is never edited in place.
 */

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;
export const COMMENT_NODE = 8;

export interface XmlNodeView {
  readonly nodeType: number;
  /** Text, CDATA and comment nodes: their characters; elements: null (DOM Level 2). */
  readonly nodeValue: string | null;
  readonly parentNode: XmlNodeView | null;
  readonly firstChild: XmlNodeView | null;
  readonly nextSibling: XmlNodeView | null;
  /** Elements: every descendant text and CDATA node's characters in document order, comments left out. */
  readonly textContent: string | null;
}

export interface XmlAttrView {
  /** The qualified name as written (`xmlns:ds`, `ID`). */
  readonly name: string;
  readonly localName: string | null;
  readonly prefix: string | null;
  /** Namespace declarations have the XMLNS namespace (`http://www.w3.org/2000/xmlns/`). */
  readonly namespaceURI: string | null;
  readonly value: string;
}

export interface XmlListView<T> {
  readonly length: number;
  item(index: number): T | null;
}

export interface XmlElementView extends XmlNodeView {
  readonly tagName: string;
  readonly localName: string | null;
  readonly prefix: string | null;
  readonly namespaceURI: string | null;
  /** Every attribute as written, namespace declarations included, in document order. */
  readonly attributes: XmlListView<XmlAttrView>;
  /** By qualified name; null when absent. */
  getAttribute(qualifiedName: string): string | null;
  getAttributeNS(namespaceURI: string | null, localName: string): string | null;
  hasAttribute(qualifiedName: string): boolean;
  /** Descendants (not the element itself) in document order; `*` matches any namespace or local name. */
  getElementsByTagNameNS(namespaceURI: string | null, localName: string): XmlListView<XmlElementView>;
}

export interface XmlDocumentView {
  readonly documentElement: XmlElementView | null;
}

export function isElementView(node: XmlNodeView): node is XmlElementView {
  return node.nodeType === ELEMENT_NODE;
}
