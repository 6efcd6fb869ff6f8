import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The portal page that confirms (GET) and performs (POST) an unsubscribe (docs/operations.md "Weekly summary"). */
export const UNSUBSCRIBE_PATH = '/portal/unsubscribe';

export interface UnsubscribeSubject {
  organisationId: string;
  email: string;
}

/** Longer than any real token (an OID and a 254-octet address, base64url, and a MAC): refused unread. */
const TOKEN_MAX = 800;
const payloadSchema = z.tuple([z.string().min(1).max(200), z.string().min(3).max(254)]);

const mac = (secret: Buffer, payload: string) =>
  createHmac('sha256', secret).update(`passi:weekly-summary-unsubscribe:v1:${payload}`).digest();

/**
 * A link token naming whom to unsubscribe from which organisation's summary, signed with HMAC-SHA-256
 * (RFC 2104) under a key derived from PASSI_SECRET_KEY. No expiry and nothing stored: RFC 8058 asks that
 * the link keep working, and the worst a leaked token does is stop one address's weekly mail.
 */
export function unsubscribeToken(secret: Buffer, subject: UnsubscribeSubject): string {
  const payload = Buffer.from(JSON.stringify([subject.organisationId, subject.email]), 'utf8').toString(
    'base64url',
  );
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The subject of a token whose MAC is right; undefined for anything else (tampered, cut, other key). */
export function readUnsubscribeToken(secret: Buffer, token: string): UnsubscribeSubject | undefined {
  if (token.length > TOKEN_MAX) return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  // Compared as canonical text: base64url decoding ignores a last character's spare bits, and a link
  // that differs from the one sent in any character is not that link.
  const expected = Buffer.from(mac(secret, payload).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const checked = payloadSchema.safeParse(parsed);
  return checked.success ? { organisationId: checked.data[0], email: checked.data[1] } : undefined;
}

/** The link in a summary mail and its List-Unsubscribe header (RFC 2369 §3.2, RFC 8058). */
export function unsubscribeLink(publicUrl: string, secret: Buffer, subject: UnsubscribeSubject): string {
  return `${publicUrl}${UNSUBSCRIBE_PATH}?token=${unsubscribeToken(secret, subject)}`;
}
