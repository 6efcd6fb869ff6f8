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
 * and space (line breaks are tolerated in POST bodies: MIME-style wrapping). Checked as "alphabet, then at
 * most two `=`, length a multiple of four", which is the same set of strings: that pattern has no nested
 * repetition, so its cost is linear for any input, and the regular-expression engine runs it in half the
 * time of a loop over the characters (docs/performance.md "Proxied login, round 4" and "Warm-up").
 */
function strictBase64(text: string, maxEncoded: number): Buffer {
  if (text.length > maxEncoded) {
    fail(ErrorCodes.REQUEST_TOO_LARGE, `SAML message larger than ${maxEncoded} bytes`);
  }
  // What a school or service sends is canonical base64, which the encoder gives back unchanged: that
  // check is a fifth of the pattern's cost on a 10 KB message (docs/performance.md "The school's form
  // body"). Anything else, canonical or not, is judged by the pattern as before.
  const bytes = Buffer.from(text, 'base64');
  if (text.length > 0 && bytes.toString('base64') === text) return bytes;
  if (isPlainBase64(text)) return bytes;
  const unwrapped = text.replace(/[\r\n\t ]/g, '');
  if (unwrapped.length === text.length || !isPlainBase64(unwrapped)) {
    fail(ErrorCodes.REQUEST_INVALID, 'SAML message is not valid base64');
  }
  return Buffer.from(unwrapped, 'base64');
}

/**
 * At least one alphabet character (`A–Z a–z 0–9 + /`), then at most two `=`, and a multiple of four in
 * all: the last group is `xxxx`, `xxx=` or `xx==`, as RFC 4648 §4 pads.
 */
const PLAIN_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function isPlainBase64(text: string): boolean {
  return text.length % 4 === 0 && PLAIN_BASE64.test(text);
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
