import { randomBytes } from 'node:crypto';

/**
 * A client secret Passi generates (RFC 6749 §2.3.1; RFC 7591 §2 "client_secret"): 32 random bytes,
 * base64url, so it has 256 bits of entropy and needs no escaping in a Basic header or a form body.
 */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A client id nobody chose: Passi's prefix and 96 random bits (docs/registry.md: 8–128 URL-safe characters). */
export function generateClientId(): string {
  return `passi-${randomBytes(12).toString('hex')}`;
}
