import { createPrivateKey, createPublicKey, type KeyObject, type SignKeyObjectInput } from 'node:crypto';
import { ExternalSigningKey } from 'oidc-provider';
import type { PassiKey } from '../../keys/key-store.ts';
import { signForLogin } from '../../protocols/signing/sign-for-login.ts';

/**
 * oidc-provider's acknowledgement of the external signing keys' interface (lib/helpers/features.js). An
 * oidc-provider that changes that interface refuses to start with this value ("An unacknowledged version of
 * an experimental feature"), so an upgrade cannot change how ID tokens are signed unnoticed.
 */
export const EXTERNAL_SIGNING_ACK = 'experimental-01';

/**
 * One of Passi's OIDC signing keys as oidc-provider's external signing key (features.externalSigningSupport):
 * oidc-provider builds the JWS header and payload and Passi makes the signature, with node:crypto through
 * `signForLogin`. Without it, oidc-provider signs through jose and WebCrypto, which hands every signature
 * to libuv's pool whatever the key's size; `signForLogin` keeps an RSA-2048 or EC signature on the event
 * loop and sends an RSA-3072 one to the pool (pool-handoff.ts, docs/performance.md "The ID token signed
 * by Passi"). The signature is the same: RS256 is RSASSA-PKCS1-v1_5 with SHA-256, ES256 is ECDSA P-256
 * with SHA-256 as r || s (RFC 7518 §3.3, §3.4).
 */
class PassiSigningKey extends ExternalSigningKey {
  readonly #publicKey: KeyObject;
  readonly #signingKey: SignKeyObjectInput;

  constructor(key: PassiKey) {
    super();
    const privateKey = createPrivateKey(key.privateKeyPem);
    this.kid = key.kid;
    this.alg = key.alg;
    this.#publicKey = createPublicKey(privateKey);
    this.#signingKey =
      key.alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : { key: privateKey };
  }

  /** The public key: oidc-provider publishes it at the keyset endpoint and verifies its own tokens with it. */
  override keyObject(): KeyObject {
    return this.#publicKey;
  }

  override sign(data: Buffer): Promise<Buffer> {
    return signForLogin(data, this.#signingKey);
  }
}

/**
 * Passi's OIDC signing keys (KeySet.oidcSigning) as the key set oidc-provider signs with and publishes
 * (public parts) at the keyset endpoint. RS256 first: it is the default `id_token_signed_response_alg`
 * (OIDC Core §3.1.3.7), so oidc-provider picks the RSA key unless a client registers ES256.
 */
export function toSigningKeys(keys: readonly PassiKey[]): { keys: ExternalSigningKey[] } {
  const ordered = [...keys].sort((a, b) => rank(a) - rank(b));
  return { keys: ordered.map((k) => new PassiSigningKey(k)) };
}

function rank(key: PassiKey): number {
  return (key.alg === 'RS256' ? 0 : 2) + (key.state === 'active' ? 0 : 1);
}
