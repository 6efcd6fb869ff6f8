import { createHash } from 'node:crypto';

/**
 * The key a session is stored under: SHA-256 of the cookie value. The cookie is a 256-bit random bearer
 * secret, so a plain hash is enough (no salt or stretching needed, as for OAuth tokens at rest, RFC 6819
 * §5.1.4.1.3); a reader of the store or of anything derived from the handle holds no usable cookie.
 */
export function sessionHandle(cookieValue: string): string {
  return createHash('sha256').update(cookieValue, 'utf8').digest('base64url');
}
