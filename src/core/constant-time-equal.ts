import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets (tokens, signatures, state values) in time that does not depend on where they first
 * differ, nor on the length of the one an attacker does not know: both sides are hashed to the same length
 * first, so `timingSafeEqual` never sees unequal lengths and nothing returns early.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  const sameDigest = timingSafeEqual(digest(x), digest(y));
  return sameDigest && x.byteLength === y.byteLength;
}

function digest(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}
