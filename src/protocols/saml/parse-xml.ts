/**
 * Hardened XML parsing for everything Passi receives:
 * size limit, no DOCTYPE or ENTITY (checked on the bytes, before the parser sees them, and again on the
 * DOM), every parser warning and error fatal, exactly one root element (CVE-2022-39353).
 */
import { DOMParser, type Document } from '@xmldom/xmldom';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { BANG, DQUOTE, GT, QUESTION, SLASH, SQUOTE } from './xml-char-codes.ts';
import { cacheXmldomPatterns } from './xmldom-pattern-cache.ts';

// Installed where the parser is used, not in the composition root, so that every parse runs with it: the
// server's, the CLI's and the tests'.
cacheXmldomPatterns();

export interface ParseXmlOptions {
  /** Maximum size in UTF-8 bytes. Default 256 KiB (requests). */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_XML_BYTES = 256 * 1024;
/**
 * Element nesting allowed. SAML needs about a dozen levels (Response › EncryptedAssertion › EncryptedData ›
 * KeyInfo › EncryptedKey › CipherData › CipherValue; metadata › RoleDescriptor › KeyDescriptor › KeyInfo ›
 * X509Data › X509Certificate); a DOM 20,000 levels deep costs hundreds of milliseconds of CPU.
 */
export const MAX_XML_DEPTH = 64;

/** Characters outside XML 1.0 §2.2 `Char` (NUL and the other C0 controls but TAB, LF, CR; U+FFFE, U+FFFF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 §2.2 excludes.
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** `<!DOCTYPE` and `<!ENTITY` in any case: entities carry XXE, billion laughs and CVE-2025-23369 payloads. */
const DTD_MARKUP = /<!\s*(doctype|entity|attlist|element|notation)/i;

export function parseXml(xml: string, options: ParseXmlOptions = {}): Document {
  refuseBeforeParsing(xml, options);
  checkNesting(xml, MAX_XML_DEPTH);
  let doc: Document;
  try {
    doc = new DOMParser({
      locator: false,
      // XML 1.0 §2.11 line ends only (xmldom's default also folds XML 1.1 NEL/LS characters).
      normalizeLineEndings: (s) => s.replace(/\r\n?/g, '\n'),
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(xml, 'application/xml');
  } catch (cause) {
    fail(ErrorCodes.REQUEST_INVALID, 'XML document is not well-formed', { cause });
  }
  if (doc.doctype !== null) {
    fail(ErrorCodes.REQUEST_INVALID, 'XML document type declarations are not accepted');
  }
  let roots = 0;
  for (let n = doc.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) roots++;
    else if (n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '') roots += 2;
  }
  if (roots !== 1 || doc.documentElement === null) {
    fail(ErrorCodes.REQUEST_INVALID, 'XML document must have exactly one root element');
  }
  return doc;
}

/**
 * The checks on the text that come before any parser sees it, shared with read-xml.ts: the size, any
 * document type or entity declaration, and characters outside XML 1.0 `Char`.
 */
export function refuseBeforeParsing(xml: string, options: ParseXmlOptions): void {
  const max = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // Cheap bound first (a UTF-16 unit is at least one UTF-8 byte), exact count second.
  if (xml.length > max || Buffer.byteLength(xml, 'utf8') > max) {
    fail(ErrorCodes.REQUEST_TOO_LARGE, `XML document larger than ${max} bytes`);
  }
  if (DTD_MARKUP.test(xml)) {
    fail(ErrorCodes.REQUEST_INVALID, 'XML document type declarations are not accepted');
  }
  if (NOT_XML_CHAR.test(xml)) {
    fail(ErrorCodes.REQUEST_INVALID, 'XML document holds a character not allowed in XML 1.0');
  }
}

/**
 * Counts element nesting on the text, before any DOM is built: linear, no allocation per element. Comments,
 * CDATA sections and processing instructions are skipped; `>` inside a quoted attribute value does not end
 * a tag. An end tag that closes no element is refused here: @xmldom/xmldom 0.9 drops one after the root
 * without a word (XML 1.0 §3 "element" requires every end tag to match a start tag). Other malformed
 * markup is left for the parser to refuse.
 */
function checkNesting(xml: string, max: number): void {
  let depth = 0;
  let at = xml.indexOf('<');
  while (at >= 0) {
    const next = xml.charCodeAt(at + 1);
    if (next === SLASH) {
      if (--depth < 0) fail(ErrorCodes.REQUEST_INVALID, 'XML document has an end tag that closes no element');
      at = xml.indexOf('<', at + 2);
      continue;
    }
    if (next === BANG || next === QUESTION) {
      const close =
        next === QUESTION
          ? '?>'
          : xml.startsWith('<!--', at)
            ? '-->'
            : xml.startsWith('<![CDATA[', at)
              ? ']]>'
              : '>';
      const end = xml.indexOf(close, at + 2);
      if (end < 0) return;
      at = xml.indexOf('<', end + close.length);
      continue;
    }
    let i = at + 1;
    let quote = 0;
    for (; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === GT) break;
    }
    if (xml.charCodeAt(i - 1) !== SLASH && ++depth > max) {
      fail(ErrorCodes.REQUEST_INVALID, `XML document nested deeper than ${max} levels`);
    }
    at = xml.indexOf('<', i + 1);
  }
}
