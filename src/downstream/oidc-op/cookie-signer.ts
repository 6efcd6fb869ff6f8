import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the `cookies` package (under Koa, under oidc-provider) asks of its `keys` (the Keygrip interface). */
export interface CookieSigner {
  sign(data: string): string;
  verify(data: string, digest: string): boolean;
  /** Which key made `digest` (0 = the current one), or -1. */
  index(data: string, digest: string): number;
}

/**
 * oidc-provider's cookie signatures (`cookies.keys`), as the `cookies` package's default Keygrip makes them
 * — HMAC-SHA1 of `name=value`, base64url without padding, the first key signs and every key verifies — so
 * a cookie signed by either is accepted by the other. Built once: given an array of keys, the package
 * builds a Keygrip on every request, and Keygrip compares with `tsscmp`, which draws a random key and
 * computes two more HMACs per comparison; two equal-length digests compared with `timingSafeEqual` are as
 * constant-time. A digest of another length is refused at once (every digest has the same public length).
 */
export function cookieSigner(keys: readonly string[]): CookieSigner {
  if (keys.length === 0) throw new Error('cookie signing needs at least one key');
  const digestWith = (key: string, data: string) => createHmac('sha1', key).update(data).digest('base64url');
  const index = (data: string, digest: string): number => {
    const presented = Buffer.from(String(digest));
    for (const [i, key] of keys.entries()) {
      const expected = Buffer.from(digestWith(key, data));
      if (presented.length === expected.length && timingSafeEqual(presented, expected)) return i;
    }
    return -1;
  };
  return {
    sign: (data) => digestWith(keys[0] ?? '', data),
    verify: (data, digest) => index(data, digest) > -1,
    index,
  };
}
