import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import { decodePostMessage, decodeRedirectMessage } from './decode-binding.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PassiError) return e.code;
    throw e;
  }
  return undefined;
}

describe('decodeRedirectMessage', () => {
  it('inflates base64 DEFLATE', () => {
    const xml = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>';
    expect(decodeRedirectMessage(deflateRawSync(xml).toString('base64'))).toBe(xml);
  });

  it('stops a deflate bomb at the output limit', () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024, 0x41)).toString('base64');
    expect(bomb.length).toBeLessThan(100_000);
    expect(codeOf(() => decodeRedirectMessage(bomb))).toBe(ErrorCodes.REQUEST_TOO_LARGE);
  });

  it('refuses malformed base64, non-DEFLATE data and oversized input', () => {
    expect(codeOf(() => decodeRedirectMessage('not base64!'))).toBe(ErrorCodes.REQUEST_INVALID);
    expect(codeOf(() => decodeRedirectMessage('abc'))).toBe(ErrorCodes.REQUEST_INVALID);
    expect(codeOf(() => decodeRedirectMessage(''))).toBe(ErrorCodes.REQUEST_INVALID);
    expect(
      codeOf(() => decodeRedirectMessage(Buffer.from('plain text, not deflate').toString('base64'))),
    ).toBe(ErrorCodes.REQUEST_INVALID);
    expect(codeOf(() => decodeRedirectMessage('A'.repeat(300_000)))).toBe(ErrorCodes.REQUEST_TOO_LARGE);
  });

  it('refuses invalid UTF-8', () => {
    const bad = deflateRawSync(Buffer.from([0x3c, 0xff, 0xfe, 0x3e])).toString('base64');
    expect(codeOf(() => decodeRedirectMessage(bad))).toBe(ErrorCodes.REQUEST_INVALID);
  });
});

describe('decodePostMessage', () => {
  it('decodes base64 with line breaks', () => {
    const b64 = Buffer.from('<a/>'.repeat(40)).toString('base64');
    expect(decodePostMessage(b64.replace(/(.{76})/g, '$1\r\n'))).toBe('<a/>'.repeat(40));
  });

  it('refuses malformed and oversized input', () => {
    expect(codeOf(() => decodePostMessage('%%%'))).toBe(ErrorCodes.REQUEST_INVALID);
    expect(codeOf(() => decodePostMessage('QUJD', { maxEncodedBytes: 2 }))).toBe(
      ErrorCodes.REQUEST_TOO_LARGE,
    );
  });

  it('accepts exactly what the RFC 4648 §4 pattern accepts (all short strings over a small alphabet)', () => {
    const pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    // Q and U decode to ASCII only, so every refusal here is the base64 check's, not the UTF-8 one's.
    // '-' and '_' are base64url's, which Buffer's base64 decoder also takes.
    const symbols = ['Q', 'U', '=', '\n', ' ', '-', '_'];
    let strings = [''];
    for (let length = 0; length <= 6; length++) {
      for (const text of strings) {
        const compact = text.replace(/[\r\n\t ]/g, '');
        const valid = compact.length > 0 && pattern.test(compact);
        expect(
          codeOf(() => decodePostMessage(text)),
          JSON.stringify(text),
        ).toBe(valid ? undefined : ErrorCodes.REQUEST_INVALID);
      }
      strings = strings.flatMap((text) => symbols.map((c) => text + c));
    }
  });
});
