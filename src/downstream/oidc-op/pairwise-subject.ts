import { createHmac } from 'node:crypto';

/**
 * Pairwise subject identifier (OIDC Core §8.1): HMAC-SHA256 over the service's sector and the user's
 * `urn:mpass.id:uid`, keyed with a secret derived from PASSI_SECRET_KEY. Stable per (sector, user), not
 * linkable across sectors without the key. The two inputs are JSON-encoded together so no choice of
 * sector and uid can collide with another pair.
 */
export function pairwiseSubject(secret: Buffer, sector: string, uid: string): string {
  return createHmac('sha256', secret)
    .update(JSON.stringify([sector, uid]))
    .digest('base64url');
}
