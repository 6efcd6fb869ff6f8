import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieSigner } from './cookie-signer.ts';

/** Keygrip's signature (keygrip/index.js): HMAC-SHA1, base64 with `/+` → `_-` and `=` removed. */
function keygripSignature(key: string, data: string): string {
  return createHmac('sha1', key)
    .update(data)
    .digest('base64')
    .replace(/[/+=]/g, (c) => ({ '/': '_', '+': '-', '=': '' })[c] ?? c);
}

describe('cookieSigner', () => {
  const data = 'passi_oidc_session=Zq3xV9s_abc-123';

  it('signs as Keygrip does, with the first key', () => {
    expect(cookieSigner(['new', 'old']).sign(data)).toBe(keygripSignature('new', data));
  });

  it('verifies with every key and says which one', () => {
    const signer = cookieSigner(['new', 'old']);
    expect(signer.index(data, keygripSignature('new', data))).toBe(0);
    expect(signer.index(data, keygripSignature('old', data))).toBe(1);
    expect(signer.verify(data, keygripSignature('old', data))).toBe(true);
  });

  it('refuses another key, other data, a changed or shortened digest', () => {
    const signer = cookieSigner(['new']);
    const good = keygripSignature('new', data);
    expect(signer.index(data, keygripSignature('other', data))).toBe(-1);
    expect(signer.index(`${data}x`, good)).toBe(-1);
    expect(signer.index(data, `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`)).toBe(-1);
    expect(signer.index(data, good.slice(0, -1))).toBe(-1);
    expect(signer.verify(data, '')).toBe(false);
  });

  it('needs a key', () => {
    expect(() => cookieSigner([])).toThrow();
  });
});
