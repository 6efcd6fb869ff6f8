/**
 * Exclusive XML Canonicalization 1.0 (without comments, empty InclusiveNamespaces PrefixList) of an
 * element tree Passi built (xml-tree.ts), by the same rules as canonical-xml.ts writes a DOM: a namespace
 * declared only where its prefix is visibly utilised and the nearest output ancestor does not already
 * render it; declarations by prefix, then attributes by namespace URI and local name, both by code
 * point; no self-closing tags; text and attribute values escaped as C14N 1.0 §2.3 says.
 *
 * What is digested and what is sent are the same bytes, as with the DOM writer: the digest of an
 * element is over its output as an apex, and `wire` writes the whole message.
 *
 * `wire: true` additionally writes U+0085 and U+2028 as character references. They are XML 1.0 text,
 * but @xmldom/xmldom (under xml-crypto, node-saml and samlify) folds them into LF as XML 1.1 line ends
 * before parsing, which would break the service's digest; a character reference survives that and
 * canonicalises back to the same character, so the signature still covers exactly these bytes' meaning.
 */
import { compare, escapeAttr, escapeText } from './canonical-xml.ts';
import type { XmlElement } from './xml-tree.ts';

export function writeCanonical(element: XmlElement, options: { readonly wire?: boolean } = {}): string {
  const out: string[] = [];
  writeElement(element, ROOT_SCOPE, out);
  const xml = out.join('');
  return options.wire ? forWire(xml) : xml;
}

const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([['', '']]);

function forWire(xml: string): string {
  return XML11_LINE_ENDS.test(xml) ? xml.replace(XML11_LINE_ENDS_G, toCharRef) : xml;
}

const XML11_LINE_ENDS = /[\u0085\u2028]/;
const XML11_LINE_ENDS_G = /[\u0085\u2028]/g;
const toCharRef = (c: string) => `&#x${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()};`;

function writeElement(el: XmlElement, inScope: ReadonlyMap<string, string>, out: string[]): void {
  const qname = el.qname;
  let decls = wantDeclaration(prefixOf(qname), el.ns, inScope, undefined);
  for (const a of el.attrs) {
    if (a.ns === '') continue;
    const p = prefixOf(a.qname);
    if (p !== 'xml') decls = wantDeclaration(p, a.ns, inScope, decls);
  }
  out.push('<', qname);
  let scope = inScope;
  if (decls !== undefined) {
    if (decls.length > 1) decls.sort((x, y) => compare(x[0], y[0]));
    const next = new Map(scope);
    for (const [prefix, uri] of decls) {
      next.set(prefix, uri);
      out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttr(uri), '"');
    }
    scope = next;
  }
  // The tree keeps attributes in canonical order (xml-tree.ts).
  for (const a of el.attrs) out.push(' ', a.qname, '="', escapeAttr(a.value), '"');
  out.push('>');
  for (const c of el.children) {
    if (typeof c === 'string') out.push(escapeText(c));
    else writeElement(c, scope, out);
  }
  out.push('</', qname, '>');
}

/**
 * Adds `prefix` → `uri` to what the element must declare, unless the nearest output ancestor renders
 * it already or the element already wants that prefix (the first use wins: the element's own prefix,
 * then its attributes' in order).
 */
function wantDeclaration(
  prefix: string,
  uri: string,
  scope: ReadonlyMap<string, string>,
  decls: [string, string][] | undefined,
): [string, string][] | undefined {
  if (scope.get(prefix) === uri) return decls;
  if (decls === undefined) return [[prefix, uri]];
  if (!decls.some(([p]) => p === prefix)) decls.push([prefix, uri]);
  return decls;
}

function prefixOf(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? '' : qname.slice(0, colon);
}
