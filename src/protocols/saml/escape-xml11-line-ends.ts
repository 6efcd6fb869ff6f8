/**
 * U+0085 (NEXT LINE) and U+2028 (LINE SEPARATOR) are ordinary characters in XML 1.0 and line ends only in
 * XML 1.1 (XML 1.1 §2.11). xmldom 0.8, which node-saml and xml-crypto bundle, folds them into `\n` before
 * parsing, so a school's signed value holding one no longer matches its digest although xmlsec1 verifies
 * it. Writing them as character references gives the same document (XML 1.0 §4.1: a character reference
 * is the character) that no line-end handling touches. Comments, CDATA sections and processing
 * instructions are copied unchanged: references mean nothing there. Expects a well-formed document
 * (parse it with parseXml first).
 */
const LINE_ENDS = /[\u0085\u2028]/g;

export function escapeXml11LineEnds(xml: string): string {
  if (!/[\u0085\u2028]/.test(xml)) return xml;
  let out = '';
  let at = 0;
  while (at < xml.length) {
    const next = nextVerbatimSection(xml, at);
    if (next === undefined) {
      out += asReferences(xml.slice(at));
      break;
    }
    out += asReferences(xml.slice(at, next.start)) + xml.slice(next.start, next.end);
    at = next.end;
  }
  return out;
}

function asReferences(text: string): string {
  return text.replace(LINE_ENDS, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

const SECTIONS = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
] as const;

/** The first comment, CDATA section or processing instruction at or after `from`. */
function nextVerbatimSection(xml: string, from: number): { start: number; end: number } | undefined {
  let best: { start: number; end: number } | undefined;
  for (const [open, close] of SECTIONS) {
    const start = xml.indexOf(open, from);
    if (start < 0 || (best !== undefined && start >= best.start)) continue;
    const closeAt = xml.indexOf(close, start + open.length);
    best = { start, end: closeAt < 0 ? xml.length : closeAt + close.length };
  }
  return best;
}
