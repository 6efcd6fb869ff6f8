import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import type { PassiKey } from '../../keys/key-store.ts';

/**
 * Passi's OIDC signing keys (KeySet.oidcSigning) as the private JWK Set oidc-provider signs with and
 * publishes (public parts) at the keyset endpoint. RS256 first: it is the default `id_token_signed_response_alg`
 * (OIDC Core §3.1.3.7), so oidc-provider picks the RSA key unless a client registers ES256.
 */
export function toSigningJwks(keys: readonly PassiKey[]): { keys: JsonWebKey[] } {
  const ordered = [...keys].sort((a, b) => rank(a) - rank(b));
  return {
    keys: ordered.map((k) => ({
      ...createPrivateKey(k.privateKeyPem).export({ format: 'jwk' }),
      kid: k.kid,
      alg: k.alg,
      use: 'sig',
    })),
  };
}

function rank(key: PassiKey): number {
  return (key.alg === 'RS256' ? 0 : 2) + (key.state === 'active' ? 0 : 1);
}
