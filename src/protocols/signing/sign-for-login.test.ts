import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signForLogin } from './sign-for-login.ts';

describe('signatures on the login path', () => {
  it('RSA-2048, signed on the event loop: the same bytes as node:crypto’s (PKCS#1 v1.5 is deterministic)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('<ds:SignedInfo>…</ds:SignedInfo>');
    const signature = await signForLogin(data, privateKey);
    expect(signature.equals(sign('sha256', data, privateKey))).toBe(true);
    expect(verify('sha256', data, publicKey, signature)).toBe(true);
  });

  it('RSA-3072, signed on the thread pool: the same bytes as node:crypto’s', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const data = Buffer.from('<ds:SignedInfo>…</ds:SignedInfo>');
    const signature = await signForLogin(data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(signature.equals(sign('sha256', data, privateKey))).toBe(true);
    expect(verify('sha256', data, publicKey, signature)).toBe(true);
  });

  it('ECDSA as XML-DSig wants it (r || s), verifiable', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('signed info');
    const signature = await signForLogin(data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(signature).toHaveLength(64);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('a key that cannot sign rejects the promise on either path, and throws nothing synchronously', async () => {
    const data = Buffer.from('signed info');
    for (const modulusLength of [2048, 3072]) {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength });
      const attempt = signForLogin(data, publicKey);
      await expect(attempt).rejects.toThrow();
    }
  });
});
