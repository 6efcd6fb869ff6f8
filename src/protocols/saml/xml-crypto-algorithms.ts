/**
 * Signature and digest algorithms xml-crypto 6 lacks but SAML peers use: RSA-SHA384 and ECDSA with
 * SHA-256/384/512 (RFC 6931 §2.3.2, §2.3.6; XML-DSig 1.1 §6.4.3 r||s encoding), SHA-384 digest.
 * Registered per SignedXml instance by `withStrongAlgorithms`; SHA-1 and HMAC are removed there.
 */
import {
  type BinaryLike,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyLike,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { HashAlgorithm, SignatureAlgorithm, SignedXml } from 'xml-crypto';
import { ALG } from './namespaces.ts';

function signatureAlgorithm(uri: string, hash: string, ecdsa: boolean): new () => SignatureAlgorithm {
  const dsaEncoding = ecdsa ? ('ieee-p1363' as const) : undefined;
  const toPrivate = (key: KeyLike) => ({
    key: key instanceof KeyObject ? key : createPrivateKey(key),
    dsaEncoding,
  });
  // A certificate PEM is accepted by createPublicKey (its SubjectPublicKeyInfo is used).
  const toPublic = (key: KeyLike) => ({
    key: key instanceof KeyObject ? key : createPublicKey(key),
    dsaEncoding,
  });
  return class {
    getAlgorithmName = () => uri;
    getSignature = (signedInfo: BinaryLike, privateKey: KeyLike): string =>
      sign(
        hash,
        typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : signedInfo,
        toPrivate(privateKey),
      ).toString('base64');
    verifySignature = (material: string, key: KeyLike, signatureValue: string): boolean =>
      verify(hash, Buffer.from(material, 'utf8'), toPublic(key), Buffer.from(signatureValue, 'base64'));
  };
}

class Sha384 implements HashAlgorithm {
  getAlgorithmName = () => ALG.sha384;
  getHash = (xml: string) => createHash('sha384').update(xml, 'utf8').digest('base64');
}

/** Signature methods accepted on anything Passi verifies (RFC 9231 §2.3: no SHA-1). */
export const ALLOWED_SIGNATURE_METHODS: ReadonlySet<string> = new Set([
  ALG.rsaSha256,
  ALG.rsaSha384,
  ALG.rsaSha512,
  ALG.ecdsaSha256,
  ALG.ecdsaSha384,
  ALG.ecdsaSha512,
]);

export const ALLOWED_DIGEST_METHODS: ReadonlySet<string> = new Set([ALG.sha256, ALG.sha384, ALG.sha512]);

/** Restricts a SignedXml instance to the allow-list above. */
export function withStrongAlgorithms(sig: SignedXml): SignedXml {
  const rsaSha256 = sig.SignatureAlgorithms[ALG.rsaSha256];
  const rsaSha512 = sig.SignatureAlgorithms[ALG.rsaSha512];
  const sha256 = sig.HashAlgorithms[ALG.sha256];
  const sha512 = sig.HashAlgorithms[ALG.sha512];
  sig.SignatureAlgorithms = {};
  if (rsaSha256) sig.SignatureAlgorithms[ALG.rsaSha256] = rsaSha256;
  if (rsaSha512) sig.SignatureAlgorithms[ALG.rsaSha512] = rsaSha512;
  sig.SignatureAlgorithms[ALG.rsaSha384] = signatureAlgorithm(ALG.rsaSha384, 'sha384', false);
  sig.SignatureAlgorithms[ALG.ecdsaSha256] = signatureAlgorithm(ALG.ecdsaSha256, 'sha256', true);
  sig.SignatureAlgorithms[ALG.ecdsaSha384] = signatureAlgorithm(ALG.ecdsaSha384, 'sha384', true);
  sig.SignatureAlgorithms[ALG.ecdsaSha512] = signatureAlgorithm(ALG.ecdsaSha512, 'sha512', true);
  sig.HashAlgorithms = {};
  if (sha256) sig.HashAlgorithms[ALG.sha256] = sha256;
  if (sha512) sig.HashAlgorithms[ALG.sha512] = sha512;
  sig.HashAlgorithms[ALG.sha384] = Sha384;
  return sig;
}
