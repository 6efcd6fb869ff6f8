import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readUnsubscribeToken, unsubscribeLink, unsubscribeToken } from './unsubscribe-token.ts';

const secret = randomBytes(32);
const subject = { organisationId: '1.2.246.562.99.00000000001', email: 'it@koulu.example.fi' };

describe('unsubscribe tokens', () => {
  it('round-trips the organisation and address', () => {
    expect(readUnsubscribeToken(secret, unsubscribeToken(secret, subject))).toEqual(subject);
  });

  it('refuses a changed address, a changed or cut signature, another key and junk', () => {
    const token = unsubscribeToken(secret, subject);
    const [payload, signature] = token.split('.');
    const other = Buffer.from(JSON.stringify([subject.organisationId, 'someone@else.fi'])).toString(
      'base64url',
    );
    expect(readUnsubscribeToken(secret, `${other}.${signature}`)).toBeUndefined();
    const flipped = `${signature?.slice(0, -2)}${signature?.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(readUnsubscribeToken(secret, `${payload}.${flipped}`)).toBeUndefined();
    expect(readUnsubscribeToken(secret, `${payload}.${signature?.slice(0, 20)}`)).toBeUndefined();
    expect(readUnsubscribeToken(randomBytes(32), token)).toBeUndefined();
    expect(readUnsubscribeToken(secret, `${token}.x`)).toBeUndefined();
    // Every one-character change of the signature is refused, also in the last character's spare bits.
    const signatureText = signature ?? '';
    for (let i = 0; i < signatureText.length; i++) {
      for (const c of ['A', 'B', 'C', 'D']) {
        if (signatureText[i] === c) continue;
        const changed = `${signatureText.slice(0, i)}${c}${signatureText.slice(i + 1)}`;
        expect(readUnsubscribeToken(secret, `${payload}.${changed}`)).toBeUndefined();
      }
    }
    expect(readUnsubscribeToken(secret, '')).toBeUndefined();
    expect(readUnsubscribeToken(secret, 'a'.repeat(5000))).toBeUndefined();
  });

  it('refuses a correctly signed payload of the wrong shape', () => {
    // Signed with the right key, but the organisation is longer than any id.
    const wrong = unsubscribeToken(secret, { ...subject, organisationId: 'x'.repeat(300) });
    expect(wrong.length).toBeLessThan(800);
    expect(readUnsubscribeToken(secret, wrong)).toBeUndefined();
  });

  it('makes a link under the public URL', () => {
    expect(unsubscribeLink('https://passi.example.fi', secret, subject)).toMatch(
      /^https:\/\/passi\.example\.fi\/portal\/unsubscribe\?token=[\w-]+\.[\w-]+$/,
    );
  });
});
