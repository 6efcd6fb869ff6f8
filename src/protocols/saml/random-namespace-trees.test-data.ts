/**
 * Seeded random namespace trees for the canonical writers' tests (canonical-xml.test.ts,
 * write-canonical-tree.test.ts): prefixed and default namespaces, one prefix bound to different URIs at
 * different depths, prefixed attributes that need a declaration of their own, `xml:` attributes,
 * declarations present in the DOM that are not visibly utilised, text and attribute values to escape.
 */
import { DOMImplementation, DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';

export function descendants(root: Element): Element[] {
  const found: Element[] = [];
  const walk = (e: Element) => {
    for (let c = e.firstChild; c !== null; c = c.nextSibling)
      if (c.nodeType === 1) {
        found.push(c as Element);
        walk(c as Element);
      }
  };
  walk(root);
  return found;
}

export function docOf(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'application/xml');
}

const NAMESPACES = [
  'urn:a',
  'urn:b',
  'urn:oasis:names:tc:SAML:2.0:assertion',
  'http://www.w3.org/2001/XMLSchema-instance',
];
const PREFIXES = ['', 'a', 'b', 'saml', 'xsi'];
const TEXTS = ['t', 'a<b>&c\r', ' ', 'ü€', ''];
const VALUES = ['v', 'a&b<c', 'q"t', 'tab\there', 'line\nend', 'ä€', ''];

export type Random = <T>(choices: readonly T[]) => T;

export function seeded(seed: number): Random {
  let state = seed;
  return (choices) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    // The high bits: the low bits of this generator repeat every few calls, which kept the trees flat.
    const choice = choices[(state >>> 15) % choices.length];
    if (choice === undefined) throw new Error('no choices');
    return choice;
  };
}

export function randomElement(doc: Document, pick: Random, depth: number): Element {
  const inNamespace = pick([true, true, true, false]);
  const prefix = inNamespace ? pick(PREFIXES) : '';
  const local = pick(['Assertion', 'E', 'Attribute']);
  const element = doc.createElementNS(
    inNamespace ? pick(NAMESPACES) : null,
    prefix ? `${prefix}:${local}` : local,
  );
  for (let i = pick([0, 1, 2, 3, 4]); i > 0; i--) {
    switch (pick(['plain', 'prefixed', 'xml', 'declaration'] as const)) {
      case 'plain':
        element.setAttribute(pick(['ID', 'Version', 'Name', 'a', 'B', 'Format']), pick(VALUES));
        break;
      case 'prefixed':
        element.setAttributeNS(
          pick(NAMESPACES),
          `${pick(['a', 'b', 'xsi', 'q'])}:${pick(['type', 'n'])}`,
          'v',
        );
        break;
      case 'xml':
        element.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', pick(['fi', 'sv']));
        break;
      case 'declaration':
        element.setAttributeNS(
          'http://www.w3.org/2000/xmlns/',
          `xmlns:${pick(['a', 'u'])}`,
          pick(NAMESPACES),
        );
        break;
    }
  }
  if (depth < 4) {
    for (let i = pick([0, 1, 2, 3]); i > 0; i--) {
      element.appendChild(
        pick([true, false, false]) ? doc.createTextNode(pick(TEXTS)) : randomElement(doc, pick, depth + 1),
      );
    }
  }
  return element;
}

export function reparse(doc: Document): Element | undefined {
  try {
    const text = new XMLSerializer().serializeToString(doc);
    const parsed = new DOMParser({
      onError: (_level, message) => {
        throw new Error(message);
      },
    }).parseFromString(text, 'application/xml');
    return parsed.documentElement ?? undefined;
  } catch {
    return undefined;
  }
}

export function newDocument(): Document {
  return new DOMImplementation().createDocument(null, '', null);
}

/**
 * Runs `check` on `count` seeded random trees, each written out and parsed again as a document reaches
 * Passi (a few random trees bind one prefix twice on one element, which no XML text can say: those are
 * skipped). Returns how many were checked and how many had three or more nested elements, where the
 * rules that matter apply.
 */
export function eachRandomTree(
  seed: number,
  count: number,
  check: (parsed: Element, doc: Document) => void,
): { compared: number; nested: number } {
  const random = seeded(seed);
  let compared = 0;
  let nested = 0;
  for (let i = 0; i < count; i++) {
    const doc = newDocument();
    doc.appendChild(randomElement(doc, random, 0));
    const parsed = reparse(doc);
    if (parsed === undefined) continue;
    check(parsed, doc);
    compared++;
    if (descendants(parsed).length >= 3) nested++;
  }
  return { compared, nested };
}
