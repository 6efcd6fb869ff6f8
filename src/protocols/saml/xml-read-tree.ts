/**
 * Passi's own read-only XML tree for a school's Response (read-xml.ts builds it): the members of
 * xml-view.ts and nothing more. Plain objects linked by parent, first child and next sibling, so a
 * document of a few dozen elements costs a few dozen small allocations rather than a full DOM's node
 * lists, named node maps and live collections (docs/performance.md "The school's Response in a tree of
 * Passi's own").
 */
import {
  CDATA_SECTION_NODE,
  type COMMENT_NODE,
  ELEMENT_NODE,
  TEXT_NODE,
  type XmlAttrView,
  type XmlDocumentView,
  type XmlElementView,
  type XmlListView,
  type XmlNodeView,
} from './xml-view.ts';

/** Text, CDATA section or comment. */
export class ReadCharacters implements XmlNodeView {
  parentNode: ReadElement | null = null;
  nextSibling: XmlNodeView | null = null;
  readonly firstChild = null;
  constructor(
    readonly nodeType: typeof TEXT_NODE | typeof CDATA_SECTION_NODE | typeof COMMENT_NODE,
    private data: string,
  ) {}
  get nodeValue(): string {
    return this.data;
  }
  get textContent(): string {
    return this.data;
  }
  /** While parsing: text that continues this text node (after an empty CDATA section, read-xml.ts). */
  extend(more: string): void {
    this.data += more;
  }
}

export class ReadAttr implements XmlAttrView {
  constructor(
    readonly name: string,
    readonly prefix: string | null,
    readonly localName: string,
    readonly namespaceURI: string | null,
    readonly value: string,
  ) {}
}

class ListOf<T> implements XmlListView<T> {
  constructor(private readonly items: readonly T[]) {}
  get length(): number {
    return this.items.length;
  }
  item(index: number): T | null {
    return this.items[index] ?? null;
  }
}

const NO_ATTRIBUTES: readonly ReadAttr[] = [];

export class ReadElement implements XmlElementView {
  readonly nodeType = ELEMENT_NODE;
  readonly nodeValue = null;
  parentNode: ReadElement | null = null;
  firstChild: XmlNodeView | null = null;
  nextSibling: XmlNodeView | null = null;
  /** The last child, for appending in document order while parsing. */
  lastChild: XmlNodeView | null = null;
  private attrs: readonly ReadAttr[] = NO_ATTRIBUTES;

  constructor(
    readonly tagName: string,
    readonly prefix: string | null,
    readonly localName: string,
    readonly namespaceURI: string | null,
  ) {}

  setAttributes(attrs: readonly ReadAttr[]): void {
    this.attrs = attrs;
  }

  append(child: ReadElement | ReadCharacters): void {
    child.parentNode = this;
    if (this.lastChild === null) this.firstChild = child;
    else (this.lastChild as ReadElement | ReadCharacters).nextSibling = child;
    this.lastChild = child;
  }

  /** Character data, joined to a text node just before it. */
  appendText(data: string): void {
    const last = this.lastChild;
    if (last instanceof ReadCharacters && last.nodeType === TEXT_NODE) last.extend(data);
    else this.append(new ReadCharacters(TEXT_NODE, data));
  }

  get attributes(): XmlListView<ReadAttr> {
    return new ListOf(this.attrs);
  }

  getAttribute(qualifiedName: string): string | null {
    for (const a of this.attrs) if (a.name === qualifiedName) return a.value;
    return null;
  }

  getAttributeNS(namespaceURI: string | null, localName: string): string | null {
    const ns = namespaceURI === '' ? null : namespaceURI;
    for (const a of this.attrs) if (a.namespaceURI === ns && a.localName === localName) return a.value;
    return null;
  }

  hasAttribute(qualifiedName: string): boolean {
    return this.getAttribute(qualifiedName) !== null;
  }

  getElementsByTagNameNS(namespaceURI: string | null, localName: string): XmlListView<ReadElement> {
    const ns = namespaceURI === '' ? null : namespaceURI;
    const found: ReadElement[] = [];
    const walk = (parent: ReadElement) => {
      for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
        if (!(c instanceof ReadElement)) continue;
        if ((ns === '*' || c.namespaceURI === ns) && (localName === '*' || c.localName === localName))
          found.push(c);
        walk(c);
      }
    };
    walk(this);
    return new ListOf(found);
  }

  /** Every descendant text and CDATA section in document order; comments are left out (DOM Level 3). */
  get textContent(): string {
    let only: string | undefined;
    let parts: string[] | undefined;
    const walk = (parent: ReadElement) => {
      for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
        if (c instanceof ReadElement) walk(c);
        else if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) {
          const text = c.nodeValue ?? '';
          if (only === undefined) only = text;
          else if (parts === undefined) parts = [only, text];
          else parts.push(text);
        }
      }
    };
    walk(this);
    return parts === undefined ? (only ?? '') : parts.join('');
  }
}

export class ReadDocument implements XmlDocumentView {
  constructor(readonly documentElement: ReadElement) {}
}
