/**
 * Hardened XML parsing for everything Passi receives (stack-and-security.md §4.1 "Before parsing"):
 * size limit, no DOCTYPE or ENTITY (checked on the bytes, before the parser sees them, and again on the
 * DOM), every parser warning and error fatal, exactly one root element (CVE-2022-39353).
 */
import { DOMParser, type Document } from '@xmldom/xmldom';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';

export interface ParseXmlOptions {
  /** Maximum size in UTF-8 bytes. Default 256 KiB (requests). */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_XML_BYTES = 256 * 1024;

/** `<!DOCTYPE` and `<!ENTITY` in any case: entities carry XXE, billion laughs and CVE-2025-23369 payloads. */
const DTD_MARKUP = /<!\s*(doctype|entity|attlist|element|notation)/i;

export function parseXml(xml: string, options: ParseXmlOptions = {}): Document {
  const max = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // Cheap bound first (a UTF-16 unit is at least one UTF-8 byte), exact count second.
  if (xml.length > max || Buffer.byteLength(xml, 'utf8') > max) {
    throw new PassiError(ErrorCodes.REQUEST_TOO_LARGE, `XML document larger than ${max} bytes`, {
      status: 413,
    });
  }
  if (DTD_MARKUP.test(xml)) {
    throw new PassiError(ErrorCodes.REQUEST_INVALID, 'XML document type declarations are not accepted');
  }
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
    throw new PassiError(ErrorCodes.REQUEST_INVALID, 'XML document is not well-formed', { cause });
  }
  if (doc.doctype !== null) {
    throw new PassiError(ErrorCodes.REQUEST_INVALID, 'XML document type declarations are not accepted');
  }
  let roots = 0;
  for (let n = doc.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) roots++;
    else if (n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '') roots += 2;
  }
  if (roots !== 1 || doc.documentElement === null) {
    throw new PassiError(ErrorCodes.REQUEST_INVALID, 'XML document must have exactly one root element');
  }
  return doc;
}
