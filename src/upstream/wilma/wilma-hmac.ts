import { createHmac, randomInt } from 'node:crypto';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';

/**
 * Wilma's MPASS signatures (https://wiki.eduuni.fi/display/OPHPALV/Wilma-integration; MPASSid `BaseInitializeWilmaContext`,
 * `ValidateWilmaResponse`): `h` = lower-case hex HMAC-SHA256(shared secret, the URL up to `&h=`).
 */
export function wilmaHmac(secret: string, unsignedUrl: string): string {
  return createHmac('sha256', secret).update(unsignedUrl, 'utf8').digest('hex');
}

/** `url` + `&h=<hmac>`: the signed form of a URL that already has a query. */
export function signWilmaUrl(secret: string, unsignedUrl: string): string {
  return `${unsignedUrl}&h=${wilmaHmac(secret, unsignedUrl)}`;
}

/**
 * Checks a received query against `baseUrl`: the signature covers `baseUrl + "?" + query up to "&h="`, and
 * `h` must be the last parameter (nothing unsigned may follow it). Returns the signed part, or undefined.
 */
export function verifyWilmaQuery(secret: string, baseUrl: string, rawQuery: string): string | undefined {
  const at = rawQuery.indexOf('&h=');
  if (at < 0) return undefined;
  const signed = rawQuery.slice(0, at);
  const given = rawQuery.slice(at + 3);
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return undefined;
  const expected = Buffer.from(wilmaHmac(secret, `${baseUrl}?${signed}`), 'hex');
  const actual = Buffer.from(given.toLowerCase(), 'hex');
  return constantTimeEqual(expected, actual) ? signed : undefined;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** MPASSid's nonce shape: random alphanumerics (24 for the login, 16 for the user-data fetch). */
export function alphanumericNonce(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}
