import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signOffThread } from './sign-off-thread.ts';

describe('signatures on the thread pool', () => {
  it('RSA: the same bytes as a signature on the event loop (PKCS#1 v1.5 is deterministic)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('<ds:SignedInfo>…</ds:SignedInfo>');
    const signature = await signOffThread(data, privateKey);
    expect(signature.equals(sign('sha256', data, privateKey))).toBe(true);
    expect(verify('sha256', data, publicKey, signature)).toBe(true);
  });

  it('ECDSA as XML-DSig wants it (r || s), verifiable; a failure rejects', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('signed info');
    const signature = await signOffThread(data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(signature).toHaveLength(64);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    // A public key cannot sign.
    await expect(signOffThread(data, publicKey)).rejects.toThrow();
  });
});
