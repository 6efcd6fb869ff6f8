import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';

/**
 * Encrypts secrets at rest (client secrets, private keys) with AES-256-GCM under PASSI_SECRET_KEY
 * (docs/architecture.md "State and scale"). Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 * `context` (e.g. `key:<kid>`) is bound as additional data so a ciphertext cannot be moved to another row.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) fail(ErrorCodes.SECRET_KEY_MISSING, 'secret key must be 32 bytes');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) {
        fail(ErrorCodes.SECRET_DECRYPT_FAILED, 'sealed secret has an unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        fail(
          ErrorCodes.SECRET_DECRYPT_FAILED,
          'cannot decrypt a stored secret: is PASSI_SECRET_KEY the key this store was written with?',
          { cause },
        );
      }
    },
  };
}

/** Decodes PASSI_SECRET_KEY (base64 or base64url, ≥ 32 bytes; the first 32 are used). */
export function decodeSecretKey(text: string): Buffer {
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 32) {
    fail(ErrorCodes.SECRET_KEY_MISSING, 'PASSI_SECRET_KEY must decode to at least 32 bytes');
  }
  return bytes.subarray(0, 32);
}
