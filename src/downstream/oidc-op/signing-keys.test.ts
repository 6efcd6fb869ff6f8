import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { compactVerify, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PassiKey } from '../../keys/key-store.ts';
import { toSigningKeys } from './signing-keys.ts';

function passiKey(
  alg: PassiKey['alg'],
  kid: string,
  privateKey: KeyObject,
  state: PassiKey['state'],
): PassiKey {
  return {
    kid,
    use: 'oidc-sig',
    alg,
    state,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: '',
    notAfter: new Date('2030-01-01T00:00:00Z'),
  };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** A JWS as oidc-provider assembles it around an external key's signature (lib/helpers/jwt.js `sign`). */
async function jwsWith(key: {
  kid: string | undefined;
  alg: string | undefined;
  sign(d: Buffer): Promise<Buffer> | Buffer;
}) {
  const header = Buffer.from(JSON.stringify({ alg: key.alg, kid: key.kid, typ: 'JWT' })).toString(
    'base64url',
  );
  const payload = Buffer.from(JSON.stringify({ sub: 'oppilas', aud: 'rp' })).toString('base64url');
  const signingInput = Buffer.from(`${header}.${payload}`);
  const signature = await key.sign(signingInput);
  return { jws: `${header}.${payload}.${signature.toString('base64url')}`, signingInput, signature };
}

describe("Passi's OIDC signing keys as oidc-provider's external signing keys", () => {
  const keys = toSigningKeys([
    passiKey('ES256', 'ec-active', ec.privateKey, 'active'),
    passiKey('RS256', 'rsa-next', rsa3072.privateKey, 'next'),
    passiKey('RS256', 'rsa-active', rsa.privateKey, 'active'),
  ]).keys;

  it('orders the active RS256 key first, then the next one, then ES256', () => {
    expect(keys.map((k) => [k.kid, k.alg, k.use])).toEqual([
      ['rsa-active', 'RS256', 'sig'],
      ['rsa-next', 'RS256', 'sig'],
      ['ec-active', 'ES256', 'sig'],
    ]);
  });

  it('gives oidc-provider only the public key to publish and to verify its own tokens with', () => {
    const [first, , third] = keys;
    expect(first?.keyObject().type).toBe('public');
    expect(first?.keyObject().export({ format: 'jwk' })).toEqual(rsa.publicKey.export({ format: 'jwk' }));
    expect(third?.keyObject().export({ format: 'jwk' })).toEqual(ec.publicKey.export({ format: 'jwk' }));
    expect(first?.keyObject().export({ format: 'jwk' })).not.toHaveProperty('d');
  });

  it('RS256: the signature is node:crypto’s RSASSA-PKCS1-v1_5 with SHA-256, and the JWS verifies', async () => {
    for (const [key, pair] of [
      [keys[0], rsa],
      [keys[1], rsa3072],
    ] as const) {
      if (!key) throw new Error('key missing');
      const { jws, signingInput, signature } = await jwsWith(key);
      expect(signature.equals(sign('sha256', signingInput, pair.privateKey))).toBe(true);
      const jwk = { ...pair.publicKey.export({ format: 'jwk' }), alg: 'RS256' } as JWK;
      const verified = await compactVerify(jws, await importJWK(jwk, 'RS256'), { algorithms: ['RS256'] });
      expect(verified.protectedHeader.kid).toBe(key.kid);
    }
  });

  it('ES256: the signature is r || s (RFC 7518 §3.4), as a JWS verifier reads it', async () => {
    const key = keys[2];
    if (!key) throw new Error('key missing');
    const { jws, signature } = await jwsWith(key);
    expect(signature).toHaveLength(64);
    const jwk = { ...ec.publicKey.export({ format: 'jwk' }), alg: 'ES256' } as JWK;
    const verified = await compactVerify(jws, await importJWK(jwk, 'ES256'), { algorithms: ['ES256'] });
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({ sub: 'oppilas', aud: 'rp' });
  });
});
