/**
 * A strict XML 1.0 + Namespaces in XML 1.0 reader for a school's SAML Response, building Passi's own
 * read-only tree (xml-read-tree.ts) in one pass over the text. Why not @xmldom/xmldom, which parses
 * everything else Passi receives (parse-xml.ts): on a 5–6 KB Response it spends several times as long
 * building and validating a full DOM, and a tenth of a proxied login's CPU went there
 * (docs/performance.md "The school's Response in a tree of Passi's own").
 *
 * It refuses everything parseXml refuses (the same checks on the text first: size, DTD and entity
 * declarations, characters outside XML 1.0 `Char`; then nesting deeper than MAX_XML_DEPTH, a second root,
 * text outside the root, unclosed or mismatched tags, duplicate attributes, undeclared prefixes), and on
 * top of that what the specifications forbid and xmldom lets through:
 * - processing instructions, but for the XML declaration at the very start (XML 1.0 §2.6, §2.8); no SAML
 *   signer writes one, and the canonical writer refuses them inside a signed element anyway;
 * - a character reference to a character outside `Char`, such as `&#0;` (XML 1.0 §4.1 WFC: Legal Character);
 * - `]]>` in text (XML 1.0 §2.4);
 * - `xmlns:p=""`, binding the `xml` prefix to another name or another prefix to the XML namespace,
 *   declaring `xmlns` (Namespaces in XML 1.0 §3, §3 "Reserved Prefixes and Namespace Names"), and two
 *   attributes with the same namespace name and local name (§6.3).
 *
 * Only the five predefined entities and character references are known; there is no DTD to declare
 * others. Line ends are normalised (XML 1.0 §2.11) and attribute values normalised as for CDATA-typed
 * attributes (§3.3.3). Linear in the input: every search moves forward, attribute names are checked for
 * repeats through a set beyond a few, and a prefix is looked up per enclosing element, not per declaration
 * (a hostile Response arrives before any signature is checked).
 */
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { MAX_XML_DEPTH, type ParseXmlOptions, refuseBeforeParsing } from './parse-xml.ts';
import { BANG, DQUOTE, EQUALS, GT, LT, QUESTION, SLASH, SQUOTE } from './xml-char-codes.ts';
import { ReadAttr, ReadCharacters, ReadDocument, ReadElement } from './xml-read-tree.ts';
import { CDATA_SECTION_NODE, COMMENT_NODE } from './xml-view.ts';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export function readXml(input: string, options: ParseXmlOptions = {}): ReadDocument {
  refuseBeforeParsing(input, options);
  const xml = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  return new Reader(xml).document();
}

function refuse(what: string): never {
  fail(ErrorCodes.REQUEST_INVALID, `XML document is not well-formed: ${what}`);
}

/**
 * Namespace declarations in scope: one entry per element that declares any, the nearest first. A look-up
 * visits at most MAX_XML_DEPTH entries, however many prefixes one element declares.
 */
interface Scope {
  /** Prefix ('' for the default namespace) → namespace name ('' for `xmlns=""`: none). */
  readonly declared: ReadonlyMap<string, string>;
  readonly parent: Scope | null;
}

function lookup(scope: Scope | null, prefix: string): string | undefined {
  for (let s = scope; s !== null; s = s.parent) {
    const uri = s.declared.get(prefix);
    if (uri !== undefined) return uri;
  }
  return prefix === 'xml' ? XML_NS : undefined;
}

/**
 * Refuses a key that occurs twice (XML 1.0 §3.1 WFC: Unique Att Spec; Namespaces in XML 1.0 §6.3): the
 * keys at 0, `step`, 2 × `step` … of `keys`. A few attributes, as SAML elements carry, are compared
 * pairwise; more go through a set, so that an element with thousands of attributes costs linear time.
 */
function refuseRepeated(keys: readonly string[], step: number, nameAt: (i: number) => string): void {
  if (keys.length <= 16 * step) {
    for (let i = step; i < keys.length; i += step)
      for (let j = 0; j < i; j += step) if (keys[i] === keys[j]) refuse(`attribute ${nameAt(i)} is repeated`);
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i += step) {
    const key = keys[i] ?? '';
    if (seen.has(key)) refuse(`attribute ${nameAt(i)} is repeated`);
    seen.add(key);
  }
}

class Reader {
  private at = 0;
  private depth = 0;

  constructor(private readonly xml: string) {}

  document(): ReadDocument {
    const xml = this.xml;
    if (xml.startsWith('<?xml') && isSpace(xml.charCodeAt(5))) this.xmlDeclaration();
    let root: ReadElement | undefined;
    for (;;) {
      this.skipSpace();
      if (this.at >= xml.length) break;
      if (xml.charCodeAt(this.at) !== LT) refuse('text outside the root element');
      const next = xml.charCodeAt(this.at + 1);
      if (next === BANG) {
        if (!xml.startsWith('<!--', this.at)) refuse('markup declarations are not accepted');
        this.comment();
        continue;
      }
      if (next === QUESTION) refuse('processing instructions are not accepted');
      if (next === SLASH) refuse('an end tag closes no element');
      if (root !== undefined) refuse('more than one root element');
      root = this.element(null, null);
    }
    if (root === undefined) refuse('no root element');
    return new ReadDocument(root);
  }

  /** XML 1.0 §2.8 XMLDecl, at the very start only. */
  private xmlDeclaration(): void {
    const match = XML_DECLARATION.exec(this.xml);
    if (match === null) refuse('the XML declaration is malformed');
    this.at = match[0].length;
  }

  private element(parent: ReadElement | null, scope: Scope | null): ReadElement {
    if (++this.depth > MAX_XML_DEPTH) {
      fail(ErrorCodes.REQUEST_INVALID, `XML document nested deeper than ${MAX_XML_DEPTH} levels`);
    }
    const xml = this.xml;
    this.at++;
    const qname = this.name();
    let pairs: string[] | undefined;
    let empty = false;
    for (;;) {
      const spaced = this.skipSpace();
      const c = xml.charCodeAt(this.at);
      if (c === GT) {
        this.at++;
        break;
      }
      if (c === SLASH) {
        if (xml.charCodeAt(this.at + 1) !== GT) refuse(`the start tag of ${qname} is malformed`);
        this.at += 2;
        empty = true;
        break;
      }
      if (Number.isNaN(c)) refuse(`the start tag of ${qname} is not closed`);
      if (!spaced) refuse(`attributes of ${qname} must be separated by white space`);
      const name = this.name();
      this.skipSpace();
      if (xml.charCodeAt(this.at) !== EQUALS) refuse(`attribute ${name} has no value`);
      this.at++;
      this.skipSpace();
      const value = this.attributeValue(name);
      if (pairs === undefined) pairs = [name, value];
      else pairs.push(name, value);
    }
    if (pairs !== undefined) refuseRepeated(pairs, 2, (i) => pairs?.[i] ?? '');
    const inner = pairs === undefined ? scope : declarations(pairs, scope);
    const el = elementNamed(qname, inner);
    if (pairs !== undefined) el.setAttributes(attributesOf(pairs, inner));
    if (parent !== null) parent.append(el);
    if (!empty) this.content(el, inner);
    this.depth--;
    return el;
  }

  private content(el: ReadElement, scope: Scope | null): void {
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.at);
      if (lt < 0) refuse(`${el.tagName} is not closed`);
      if (lt > this.at) el.appendText(text(xml.slice(this.at, lt)));
      this.at = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.at = lt + 2;
        const name = this.name();
        this.skipSpace();
        if (xml.charCodeAt(this.at) !== GT) refuse(`the end tag of ${name} is malformed`);
        this.at++;
        if (name !== el.tagName) refuse(`${el.tagName} is closed by an end tag for ${name}`);
        return;
      }
      if (next === BANG) {
        if (xml.startsWith('<!--', lt)) el.append(this.comment());
        else if (xml.startsWith('<![CDATA[', lt)) {
          const cdata = this.cdata();
          if (cdata !== undefined) el.append(cdata);
        } else refuse('markup declarations are not accepted');
      } else if (next === QUESTION) refuse('processing instructions are not accepted');
      else this.element(el, scope);
    }
  }

  /** XML 1.0 §2.5: no `--` inside, and not ending in `-`. */
  private comment(): ReadCharacters {
    const end = this.xml.indexOf('-->', this.at + 4);
    if (end < 0) refuse('a comment is not closed');
    const data = this.xml.slice(this.at + 4, end);
    if (data.includes('--') || data.endsWith('-')) refuse('a comment holds --');
    this.at = end + 3;
    return new ReadCharacters(COMMENT_NODE, data);
  }

  /**
   * An empty section is no node, and the text around it one text node, as @xmldom/xmldom reads it: the
   * same tree for both parsers (canonical form and textContent do not depend on it).
   */
  private cdata(): ReadCharacters | undefined {
    const end = this.xml.indexOf(']]>', this.at + 9);
    if (end < 0) refuse('a CDATA section is not closed');
    const data = this.xml.slice(this.at + 9, end);
    this.at = end + 3;
    return data === '' ? undefined : new ReadCharacters(CDATA_SECTION_NODE, data);
  }

  /** XML 1.0 §3.3.3: each white-space character becomes a space before references are replaced. */
  private attributeValue(name: string): string {
    const xml = this.xml;
    const quote = xml.charCodeAt(this.at);
    if (quote !== DQUOTE && quote !== SQUOTE) refuse(`the value of ${name} is not quoted`);
    const end = xml.indexOf(quote === DQUOTE ? '"' : "'", this.at + 1);
    if (end < 0) refuse(`the value of ${name} is not closed`);
    let raw = xml.slice(this.at + 1, end);
    this.at = end + 1;
    if (raw.includes('<')) refuse(`the value of ${name} holds <`);
    if (ATTRIBUTE_SPACE.test(raw)) raw = raw.replace(ATTRIBUTE_SPACES, ' ');
    return raw.includes('&') ? replaceReferences(raw) : raw;
  }

  /** A QName (Namespaces in XML 1.0 §4): at most one colon, neither part empty, XML 1.0 name characters. */
  private name(): string {
    const xml = this.xml;
    const from = this.at;
    let i = from;
    for (; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (c === GT || c === SLASH || c === EQUALS || isSpace(c)) break;
    }
    const name = xml.slice(from, i);
    if (!ASCII_QNAME.test(name) && !QNAME.test(name))
      refuse(`"${name.slice(0, 40)}" is not a qualified name`);
    this.at = i;
    return name;
  }

  private skipSpace(): boolean {
    const from = this.at;
    while (isSpace(this.xml.charCodeAt(this.at))) this.at++;
    return this.at > from;
  }
}

/** The scope inside an element with these attributes: its namespace declarations, checked. */
function declarations(pairs: readonly string[], scope: Scope | null): Scope | null {
  let declared: Map<string, string> | undefined;
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i] ?? '';
    const uri = pairs[i + 1] ?? '';
    let prefix: string;
    if (name === 'xmlns') prefix = '';
    else if (name.startsWith('xmlns:')) {
      prefix = name.slice(6);
      if (uri === '') refuse(`${name} declares an empty namespace name`);
      if (prefix === 'xmlns') refuse('the xmlns prefix cannot be declared');
      if ((prefix === 'xml') !== (uri === XML_NS))
        refuse('the xml prefix is bound only to the XML namespace');
    } else continue;
    if (uri === XMLNS_NS || (prefix === '' && uri === XML_NS)) refuse(`${name} binds a reserved namespace`);
    if (declared === undefined) declared = new Map();
    declared.set(prefix, uri);
  }
  return declared === undefined ? scope : { declared, parent: scope };
}

function elementNamed(qname: string, scope: Scope | null): ReadElement {
  const colon = qname.indexOf(':');
  if (colon < 0) {
    const uri = lookup(scope, '');
    return new ReadElement(qname, null, qname, uri === undefined || uri === '' ? null : uri);
  }
  const prefix = qname.slice(0, colon);
  const uri = prefix === 'xmlns' ? undefined : lookup(scope, prefix);
  if (uri === undefined) refuse(`the prefix of ${qname} is not declared`);
  return new ReadElement(qname, prefix, qname.slice(colon + 1), uri);
}

function attributesOf(pairs: readonly string[], scope: Scope | null): ReadAttr[] {
  const attrs: ReadAttr[] = [];
  // Namespace name and local name of each attribute in a namespace, NUL between (XML text holds none).
  const expanded: string[] = [];
  const qualified: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i] ?? '';
    const value = pairs[i + 1] ?? '';
    const colon = name.indexOf(':');
    if (colon < 0) {
      attrs.push(new ReadAttr(name, null, name, name === 'xmlns' ? XMLNS_NS : null, value));
      continue;
    }
    const prefix = name.slice(0, colon);
    const local = name.slice(colon + 1);
    const uri = prefix === 'xmlns' ? XMLNS_NS : lookup(scope, prefix);
    if (uri === undefined) refuse(`the prefix of attribute ${name} is not declared`);
    expanded.push(`${uri}\u0000${local}`);
    qualified.push(name);
    attrs.push(new ReadAttr(name, prefix, local, uri, value));
  }
  // Namespaces in XML 1.0 §6.3: no two attributes with the same namespace name and local name.
  refuseRepeated(expanded, 1, (i) => qualified[i] ?? '');
  return attrs;
}

/** Character data: references replaced; `]]>` refused (XML 1.0 §2.4). */
function text(raw: string): string {
  if (raw.includes(']]>')) refuse('text holds ]]>');
  return raw.includes('&') ? replaceReferences(raw) : raw;
}

/** XML 1.0 §4.1, §4.6: the five predefined entities and character references to `Char`s. */
function replaceReferences(s: string): string {
  let out = '';
  let from = 0;
  for (let amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', from)) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0) refuse('a reference is not closed by ;');
    out += s.slice(from, amp) + referenced(s.slice(amp + 1, semi));
    from = semi + 1;
  }
  return out + s.slice(from);
}

function referenced(ref: string): string {
  switch (ref) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'apos':
      return "'";
    case 'quot':
      return '"';
  }
  let code: number;
  if (DECIMAL_REFERENCE.test(ref)) code = Number(ref.slice(1));
  else if (HEX_REFERENCE.test(ref)) code = Number.parseInt(ref.slice(2), 16);
  else refuse(`&${ref.slice(0, 20)}; is not a known entity`);
  if (!isXmlChar(code)) refuse(`&${ref.slice(0, 20)}; refers to a character not allowed in XML 1.0`);
  return String.fromCodePoint(code);
}

function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

const ATTRIBUTE_SPACE = /[\t\n]/;
const ATTRIBUTE_SPACES = /[\t\n]/g;
const DECIMAL_REFERENCE = /^#[0-9]{1,8}$/;
const HEX_REFERENCE = /^#x[0-9a-fA-F]{1,8}$/;

const XML_DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/;

/** The common case, checked first: ASCII names. */
const ASCII_QNAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?$/;
/** XML 1.0 (fifth edition) §2.3 NameStartChar and NameChar, without the colon (an NCName). */
const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME = `[${NAME_START}][${NAME_CHAR}]*`;
const QNAME = new RegExp(`^${NCNAME}(?::${NCNAME})?$`, 'u');
