import { randomFillSync } from 'node:crypto';

/**
 * Random values for ids, nonces and cookies, drawn from a buffer that the CSPRNG fills many values at a
 * time: one OpenSSL call per 4 KB (128 values of 32 bytes) instead of one per value, which took about
 * 8 µs a call on the login path here (docs/performance.md "The kernel's share, and a native profile of
 * the event loop").
 * Node's own `crypto.randomUUID` keeps such a cache too. Each byte is handed out once: a value that does
 * not fit in what is left is drawn from a fresh fill, and the rest of the old one is never used.
 */
export interface RandomPool {
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
  /** `bytes` random bytes as base64url without padding (RFC 4648 §5). */
  base64url(bytes: number): string;
}

/** Bytes filled at a time: 4 KB, 128 values of 32 bytes. */
export const RANDOM_POOL_BYTES = 4096;

export function createRandomPool(
  size = RANDOM_POOL_BYTES,
  /** Fills the buffer with random bytes; node:crypto's CSPRNG, or a known sequence in tests. */
  fill: (buffer: Buffer) => void = randomFillSync,
): RandomPool {
  const pool = Buffer.alloc(size);
  let offset = size;
  const take = (bytes: number): number => {
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > size) {
      throw new RangeError(`a random value of ${bytes} bytes does not fit a pool of ${size}`);
    }
    if (offset + bytes > size) {
      fill(pool);
      offset = 0;
    }
    const start = offset;
    offset += bytes;
    return start;
  };
  return {
    hex(bytes) {
      const start = take(bytes);
      return pool.toString('hex', start, start + bytes);
    },
    base64url(bytes) {
      const start = take(bytes);
      return pool.toString('base64url', start, start + bytes);
    },
  };
}
