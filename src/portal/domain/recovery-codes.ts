import { createHash, randomInt } from 'node:crypto';

/** Ten single-use codes, shown once, for signing in when the authenticator is lost. */
export const RECOVERY_CODE_COUNT = 10;
// No 0/O/1/I/L: codes are read from paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** Canonical form: what a person types may have spaces, lower case or no dashes. */
export function normaliseRecoveryCode(input: string): string {
  const c = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return c.length === 12 ? `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}` : '';
}

/** 60 random bits each and a per-person salt; SHA-256 suffices since a guess costs a rate-limited sign-in. */
export function hashRecoveryCode(personId: string, code: string): string {
  return createHash('sha256')
    .update(`${personId}:${normaliseRecoveryCode(code)}`)
    .digest('base64url');
}
