import { Secret, TOTP } from 'otpauth';

/** RFC 6238 TOTP with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Passi',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI an authenticator app reads (Key Uri Format). */
export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

/**
 * The time step the code belongs to, or undefined when it is wrong. One step of drift either way is
 * accepted (RFC 6238 §5.2); the caller refuses a step at or before the last one used, so a code works once.
 */
export function totpStep(secretBase32: string, code: string, now: Date): number | undefined {
  const cleaned = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(cleaned)) return undefined;
  const delta = totp(secretBase32, 'x').validate({ token: cleaned, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** Groups the base32 secret in fours for typing it by hand. */
export function formatSecretForHumans(secretBase32: string): string {
  return secretBase32.replace(/(.{4})/g, '$1 ').trim();
}
