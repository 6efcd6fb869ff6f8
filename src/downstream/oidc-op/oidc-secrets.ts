import { hkdfSync } from 'node:crypto';

export interface OidcSecrets {
  /** Key of the pairwise `sub` HMAC (pairwise-subject.ts). Changing it changes every pairwise `sub`. */
  pairwiseSecret: Buffer;
  /** Keys that sign oidc-provider's cookies (the first signs, all verify: rotation). */
  cookieKeys: string[];
}

/**
 * Cookie-signing keys of the OIDC face, derived from PASSI_SECRET_KEY with HKDF-SHA256 (RFC 5869) under
 * their own label, so no separate secret needs managing and the key reveals nothing about the others.
 */
export function deriveOidcCookieKeys(secretKey: Buffer): string[] {
  return [
    Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'passi/oidc/cookie-keys/v1', 32)).toString(
      'base64url',
    ),
  ];
}
