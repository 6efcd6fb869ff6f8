import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which this build cannot import). */
const ARGON2ID = 2;

/** NIST SP 800-63B §5.1.1.2: at least 8 characters, allow at least 64; Passi asks for 12 and caps the work. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Why a new password is refused, as a message key suffix; undefined when it is acceptable. */
export function passwordProblem(
  password: string,
  email: string,
): 'tooShort' | 'tooLong' | 'isEmail' | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong';
  if (password.trim().toLowerCase() === email.toLowerCase()) return 'isEmail';
  return undefined;
}

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first configuration (m = 19 MiB, t = 2, p = 1),
 * RFC 9106 §4's recommended variant; the PHC string carries its parameters, so they can be raised later.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), {
    algorithm: ARGON2ID,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** A hash verified when the e-mail address is unknown, so both answers take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('passi-decoy-password-never-valid');
  return decoy;
}
