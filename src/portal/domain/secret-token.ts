import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random bearer secret (invitation links, session cookies): 256 bits, base64url. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Stored form of a high-entropy bearer secret. A plain SHA-256 is enough for 256 random bits (no
 * dictionary to attack); a reader of the store cannot turn the hash back into a usable link or cookie.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
