import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { ALG } from './namespaces.ts';

/** A private key with its certificate, ready for XML-DSig signing. */
export interface SigningCredential {
  readonly privateKey: KeyObject;
  /** base64 of the certificate's DER, as it goes into ds:X509Certificate. */
  readonly certificateBase64: string;
  readonly certificatePem: string;
  /** rsa-sha256 for RSA keys, ecdsa-sha256 for EC keys (RFC 9231 §2.3.2, §2.3.6). */
  readonly signatureAlgorithm: typeof ALG.rsaSha256 | typeof ALG.ecdsaSha256;
}

export function loadSigningCredential(privateKeyPem: string, certificatePem: string): SigningCredential {
  const privateKey = createPrivateKey(privateKeyPem);
  const cert = new X509Certificate(certificatePem);
  if (!cert.checkPrivateKey(privateKey)) {
    fail(ErrorCodes.KEY_INVALID, 'signing certificate does not match the private key');
  }
  const type = privateKey.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    fail(ErrorCodes.KEY_INVALID, `unsupported signing key type ${type ?? 'unknown'}`);
  }
  if (type === 'rsa' && (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    fail(ErrorCodes.KEY_INVALID, 'RSA signing keys must be at least 2048 bits');
  }
  return {
    privateKey,
    certificateBase64: cert.raw.toString('base64'),
    certificatePem: cert.toString(),
    signatureAlgorithm: type === 'rsa' ? ALG.rsaSha256 : ALG.ecdsaSha256,
  };
}
