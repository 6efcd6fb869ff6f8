/**
 * Seeded mutation fuzzing of XML text, for comparing two parsers (read-xml.test.ts): valid documents written
 * to touch every rule a parser can get wrong, random edits of the kinds that turn a document into an almost
 * well-formed one, and a shrinker that cuts a failing input down to a few characters for the report.
 */

/** A deterministic random source (mulberry32): the same seed gives the same cases on every machine. */
export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(choices: readonly T[]): T;
}

export function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    pick: (choices) => {
      const choice = choices[int(choices.length)];
      if (choice === undefined) throw new Error('no choices');
      return choice;
    },
  };
}

/**
 * Valid documents, each written for what a reader must get right: comments, CDATA, character references,
 * the five predefined entities, TAB/LF/CR in attribute values (XML 1.0 §3.3.3), CRLF and lone CR line ends
 * (§2.11), whitespace and comments outside the root, an XML declaration, `xmlns=""`, a prefix redeclared
 * at depth, `xml:lang`, `xmlns:xml` bound to its own namespace.
 */
export const HAND_WRITTEN_DOCUMENTS: Readonly<Record<string, string>> = {
  'a SAML-like Response with every hazard': [
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- from the school -->\n',
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0"',
    ' Note="tab\there lf\nthere cr\rthere crlf\r\nend &#9;&#10;&#13;&#x9;&#xA;&#xD; &amp;&lt;&gt;&quot;&apos; ]]> &gt;"',
    ' Single=\'it&apos;s "quoted"\' xml:lang="fi">\r\n',
    '  <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.example/?a=1&amp;b=2</saml:Issuer>\r',
    '  <!-- a comment with <markup> & ]]> inside -->\n',
    '  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\r\n',
    '  <Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0">\n',
    '    <Subject><NameID>a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g&#x9;h&#13;i&#x1F393;j</NameID></Subject>\n',
    '    <AttributeStatement xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n',
    '      <Attribute Name="urn:oid:2.5.4.42" xmlns:samlp="urn:other:samlp" samlp:n="1">',
    '<AttributeValue xsi:type="xs:string"><![CDATA[<b>x</b> & ]]]]><![CDATA[>]]>after&#13;\r\nline</AttributeValue>\n',
    '        <samlp:Extra samlp:a="1" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>\n',
    '        <Plain xmlns="" a="1">no namespace<Inner xml:lang="sv">ä € 🎓 \u2028</Inner><!----></Plain>\n',
    '      </Attribute>\n    </AttributeStatement>\n  </Assertion>\n</samlp:Response>\n<!-- after -->\r\n \t',
  ].join(''),
  'a tiny element': '<a/>',
  'text, comment and CDATA side by side': '<a>x<!--c-->y<![CDATA[z]]>&#38;<![CDATA[]]]]>w<b/>\r\rv</a>',
  'namespaces declared, redeclared and undeclared': [
    '<p:a xmlns:p="urn:p" xmlns="urn:d" xmlns:xml="http://www.w3.org/XML/1998/namespace" p:x="1" x="2">',
    '<b xmlns:q="urn:p"><q:c q:y="3"><p:d xmlns:p="urn:p2" p:z="4"><e xmlns=""><f xmlns="urn:d2" xml:space="preserve"> </f></e>',
    '</p:d></q:c></b><p:g/></p:a>',
  ].join(''),
  'an XML declaration with encoding and standalone, comments around the root':
    "<?xml version='1.0' encoding='utf-8' standalone='yes'?><!--one--> \n<r a = 'x' b\t=\n\"y\" ></r >\n<!--two-->",
  'nested mixed content': `<r>${'<n i="1">t&lt;'.repeat(8)}<![CDATA[deep]]>${'</n>&gt;'.repeat(8)}</r>`,
};

/** Single characters that start or end markup, and whitespace. */
const CHARACTERS = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '=',
  '/',
  ':',
  ';',
  '#',
  'x',
  ']',
  '!',
  '?',
  '-',
  ' ',
  '\t',
  '\n',
  '\r',
];

/** Inserted anywhere: markup openers and closers, references that are or are not allowed, a PI. */
const TOKENS = [
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '&#0;',
  '&#xD800;',
  '&#xFFFE;',
  '&#x10FFFF;',
  '&#10;',
  '&#x9;',
  '&#13;',
  '&amp;',
  '&lt;',
  '&foo;',
  '&#x;',
  '<?pi x?>',
  '<?xml version="1.0"?>',
  '<!---->',
  '<![CDATA[]]>',
  '<x/>',
  '</x>',
  '\r\n',
  '\u00a0',
  '\ufeff',
];

/** Inserted inside a start tag, after its name. */
const ATTRIBUTES = [
  'xmlns:p=""',
  'xmlns:xml="urn:x"',
  'xmlns:xmlns="urn:x"',
  'xmlns:xml="http://www.w3.org/XML/1998/namespace"',
  'xmlns:p="http://www.w3.org/XML/1998/namespace"',
  'xmlns="http://www.w3.org/2000/xmlns/"',
  'xmlns=""',
  'xmlns="urn:z"',
  'xmlns:q="urn:z"',
  'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"',
  'q:a="1"',
  'xml:lang="fi"',
  'xmlns:a="urn:z" xmlns:b="urn:z" a:c="1" b:c="2"',
  'a="1" a="2"',
  'v="\t\n\r&#9;&#10;&#13;"',
  'v="<"',
  'v=x',
  'v',
];

/** One random edit of `xml`. */
function editOnce(xml: string, r: Rng): string {
  const at = position(xml, r);
  switch (r.int(12)) {
    case 0:
      return xml.slice(0, at) + xml.slice(at + 1);
    case 1:
      return xml.slice(0, at + 1) + xml.slice(at);
    case 2:
    case 3:
      return xml.slice(0, at) + r.pick(CHARACTERS) + xml.slice(at);
    case 4: {
      const other = r.int(3) === 0 ? r.int(xml.length) : at + 1;
      return swap(xml, at, other);
    }
    case 5:
      return xml.slice(0, at);
    case 6:
      return duplicateAttribute(xml, r) ?? xml.slice(0, at) + r.pick(TOKENS) + xml.slice(at);
    case 7:
      return renameEndTag(xml, r) ?? xml.slice(0, at) + r.pick(TOKENS) + xml.slice(at);
    case 8:
    case 9:
      return xml.slice(0, at) + r.pick(TOKENS) + xml.slice(at);
    case 10:
      return insertInStartTag(xml, r, r.pick(ATTRIBUTES)) ?? xml;
    default:
      return addPrefix(xml, r) ?? xml;
  }
}

/** One to three random edits of `xml` (mostly one: more of the results stay well-formed and get compared). */
export function mutate(xml: string, r: Rng): string {
  let out = xml;
  for (let n = r.pick([1, 1, 1, 2, 3]); n > 0; n--) out = editOnce(out, r);
  return out;
}

/** Most edits land next to markup, where parsers make their decisions; the rest anywhere. */
function position(xml: string, r: Rng): number {
  if (xml.length === 0) return 0;
  const at = r.int(xml.length);
  if (r.int(10) < 3) return at;
  const markup = /[<>&"'=;\]\r\n]/g;
  markup.lastIndex = at;
  const found = markup.exec(xml);
  const near = found === null ? at : found.index;
  return Math.max(0, Math.min(xml.length, near + r.int(3) - 1));
}

function swap(s: string, i: number, j: number): string {
  if (i === j || i >= s.length || j >= s.length) return s;
  const [a, b] = i < j ? [i, j] : [j, i];
  return s.slice(0, a) + s.charAt(b) + s.slice(a + 1, b) + s.charAt(a) + s.slice(b + 1);
}

function matches(xml: string, pattern: RegExp): RegExpExecArray[] {
  return [...xml.matchAll(pattern)];
}

function duplicateAttribute(xml: string, r: Rng): string | undefined {
  const found = matches(xml, /\s[^\s=<>"'/]+\s*=\s*("[^"<]*"|'[^'<]*')/g);
  if (found.length === 0) return undefined;
  const m = r.pick(found);
  const end = m.index + m[0].length;
  // The same qualified name, or the same local name under another prefix.
  const copy = r.int(2) === 0 ? m[0] : m[0].replace(/^(\s)(?:[^:=\s]+:)?/, '$1q:');
  return xml.slice(0, end) + copy + xml.slice(end);
}

function renameEndTag(xml: string, r: Rng): string | undefined {
  const found = matches(xml, /<\/([^\s>]+)/g);
  if (found.length === 0) return undefined;
  const m = r.pick(found);
  const name = m[1] ?? '';
  const renamed = r.pick([
    `${name}x`,
    name.includes(':') ? name.slice(name.indexOf(':') + 1) : `p:${name}`,
    name.toUpperCase(),
  ]);
  return `${xml.slice(0, m.index)}</${renamed}${xml.slice(m.index + m[0].length)}`;
}

function insertInStartTag(xml: string, r: Rng, text: string): string | undefined {
  const found = matches(xml, /<[^\s/>!?]+/g);
  if (found.length === 0) return undefined;
  const m = r.pick(found);
  const end = m.index + m[0].length;
  return `${xml.slice(0, end)} ${text}${xml.slice(end)}`;
}

/** An undeclared (or declared elsewhere) prefix `q:` on an element or an attribute name. */
function addPrefix(xml: string, r: Rng): string | undefined {
  const found = matches(xml, /<\/?(?=[A-Za-z_])|\s(?=[A-Za-z_][^\s=<>]*\s*=)/g);
  if (found.length === 0) return undefined;
  const m = r.pick(found);
  const end = m.index + m[0].length;
  const prefix = r.pick(['q:', 'saml:', 'xml:', 'xmlns:', 'p:']);
  return xml.slice(0, end) + prefix + xml.slice(end);
}

/**
 * Cuts `input` down while `keep` still holds, within `budget` calls of `keep`: first whole elements,
 * comments, CDATA sections, processing instructions and attributes, and elements' tags around their
 * content; then ever smaller runs of characters (delta debugging).
 */
export function shrink(input: string, keep: (candidate: string) => boolean, budget = 4000): string {
  const left = { calls: budget };
  const tried = (candidate: string) => left.calls-- > 0 && keep(candidate);
  let s = input;
  for (let changed = true; changed && left.calls > 0; ) {
    changed = false;
    for (const cuts of structuralCuts(s)) {
      let candidate = s;
      // Later cuts first, so that earlier offsets still hold.
      for (const [from, to] of [...cuts].reverse())
        candidate = candidate.slice(0, from) + candidate.slice(to);
      if (tried(candidate)) {
        s = candidate;
        changed = true;
        break;
      }
    }
  }
  let chunk = Math.max(1, s.length >> 1);
  while (left.calls > 0) {
    let cut = false;
    for (let i = 0; i + chunk <= s.length && left.calls > 0; ) {
      const candidate = s.slice(0, i) + s.slice(i + chunk);
      if (tried(candidate)) {
        s = candidate;
        cut = true;
      } else i += chunk;
    }
    if (!cut) {
      if (chunk === 1) break;
      chunk = Math.max(1, chunk >> 1);
    }
  }
  return s;
}

type Span = readonly [number, number];

/**
 * Parts of `xml` to cut, as far as a rough scan can tell, the largest first: each element whole, each
 * element's start and end tags (keeping its content), each comment, CDATA section, processing instruction
 * and attribute.
 */
function structuralCuts(xml: string): (readonly Span[])[] {
  const cuts: (readonly Span[])[] = [];
  const open: Span[] = [];
  for (const m of xml.matchAll(/<(\/?)[^\s/>!?][^>]*?(\/?)>/g)) {
    const tag: Span = [m.index, m.index + m[0].length];
    if (m[1] === '/') {
      const start = open.pop();
      if (start !== undefined) cuts.push([[start[0], tag[1]]], [start, tag]);
    } else if (m[2] === '/') cuts.push([tag]);
    else open.push(tag);
  }
  const units =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|\s+[^\s=<>"']+\s*=\s*("[^"<]*"|'[^'<]*')/g;
  for (const m of xml.matchAll(units)) cuts.push([[m.index, m.index + m[0].length]]);
  const size = (c: readonly Span[]) => c.reduce((n, [from, to]) => n + to - from, 0);
  return cuts.sort((a, b) => size(b) - size(a));
}
