/**
 * Decoding of SAML messages as they arrive over HTTP (SAML Bindings 2.0 §3.4.4.1 HTTP-Redirect: DEFLATE
 * + base64 + URL-encoding; §3.5.4 HTTP-POST: base64), with limits before any XML parsing
 * (docs/operations.md "Timeouts and hostile requests": base64 ≤ 256 KB, inflate output capped against deflate bombs,
 * ruby-saml CVE-2025-25293).
 */
import { inflateRawSync } from 'node:zlib';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';

export interface DecodeLimits {
  /** Maximum length of the base64 text. Default 256 KiB. */
  readonly maxEncodedBytes?: number;
  /** Maximum size of the decoded (for Redirect: inflated) XML. Default 64 KiB. */
  readonly maxDecodedBytes?: number;
}

const DEFAULT_MAX_ENCODED = 256 * 1024;
const DEFAULT_MAX_DECODED = 64 * 1024;

/**
 * RFC 4648 §4 base64 with padding, as the pattern
 * `^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$` says, after leaving out CR, LF, TAB
 * and space (line breaks are tolerated in POST bodies: MIME-style wrapping). Checked in one pass over the
 * characters rather than with that backtracking pattern, so the cost is linear by construction for any
 * input (what that saved, or did not: docs/performance.md "Proxied login, round 4").
 */
function strictBase64(text: string, maxEncoded: number): Buffer {
  if (text.length > maxEncoded) {
    fail(ErrorCodes.REQUEST_TOO_LARGE, `SAML message larger than ${maxEncoded} bytes`);
  }
  const shape = base64Shape(text);
  if (shape === 'invalid') fail(ErrorCodes.REQUEST_INVALID, 'SAML message is not valid base64');
  return Buffer.from(shape === 'wrapped' ? text.replace(/[\r\n\t ]/g, '') : text, 'base64');
}

/** The alphabet of RFC 4648 §4 (`A–Z a–z 0–9 + /`) as a table over the ASCII codes. */
const BASE64_ALPHABET = (() => {
  const table = new Uint8Array(128);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
})();
const PAD = 0x3d;

/**
 * `plain` or `wrapped` (has CR, LF, TAB or space between the characters) when `text` is non-empty strict
 * base64: every other character in the alphabet, a multiple of four of them, at most two `=` and only at
 * the end (so the last group is `xxxx`, `xxx=` or `xx==`). Otherwise `invalid`.
 */
function base64Shape(text: string): 'plain' | 'wrapped' | 'invalid' {
  let count = 0;
  let padding = 0;
  let wrapped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0x09 || c === 0x20) {
      wrapped = true;
      continue;
    }
    if (c === PAD) {
      if (++padding > 2) return 'invalid';
    } else if (padding > 0 || c >= 128 || BASE64_ALPHABET[c] !== 1) {
      return 'invalid';
    }
    count++;
  }
  if (count === 0 || count % 4 !== 0) return 'invalid';
  return wrapped ? 'wrapped' : 'plain';
}

/**
 * HTTP-Redirect: `value` is the already URL-decoded SAMLRequest parameter. Inflates with a hard output
 * cap, so a small deflate bomb fails fast instead of allocating.
 */
export function decodeRedirectMessage(value: string, limits: DecodeLimits = {}): string {
  const maxDecoded = limits.maxDecodedBytes ?? DEFAULT_MAX_DECODED;
  const deflated = strictBase64(value, limits.maxEncodedBytes ?? DEFAULT_MAX_ENCODED);
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(deflated, { maxOutputLength: maxDecoded });
  } catch (cause) {
    if (
      cause instanceof RangeError ||
      (cause instanceof Error && 'code' in cause && cause.code === 'ERR_BUFFER_TOO_LARGE')
    ) {
      fail(ErrorCodes.REQUEST_TOO_LARGE, `inflated SAML message larger than ${maxDecoded} bytes`, {
        cause,
      });
    }
    fail(ErrorCodes.REQUEST_INVALID, 'SAML message is not valid DEFLATE data', { cause });
  }
  return utf8(inflated);
}

/** HTTP-POST: `value` is the SAMLRequest / SAMLResponse form field. */
export function decodePostMessage(value: string, limits: DecodeLimits = {}): string {
  const decoded = strictBase64(value, limits.maxEncodedBytes ?? DEFAULT_MAX_ENCODED);
  const maxDecoded = limits.maxDecodedBytes ?? DEFAULT_MAX_ENCODED;
  if (decoded.length > maxDecoded) {
    fail(ErrorCodes.REQUEST_TOO_LARGE, `SAML message larger than ${maxDecoded} bytes`);
  }
  return utf8(decoded);
}

/** SAML messages are UTF-8 XML; invalid sequences are refused rather than replaced with U+FFFD. */
function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    fail(ErrorCodes.REQUEST_INVALID, 'SAML message is not valid UTF-8', { cause });
  }
}
