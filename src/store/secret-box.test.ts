import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips a secret bound to its context', () => {
    const sealed = box.seal('client-secret-123', 'service:5000001');
    expect(sealed).not.toContain('client-secret-123');
    expect(box.open(sealed, 'service:5000001')).toBe('client-secret-123');
  });

  it('refuses a ciphertext moved to another row', () => {
    const sealed = box.seal('x', 'service:a');
    expect(() => box.open(sealed, 'service:b')).toThrow(
      expect.objectContaining({ code: 'PASSI_SECRET_DECRYPT_FAILED' }),
    );
  });

  it('refuses another key', () => {
    const sealed = box.seal('x', 'c');
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'c')).toThrow(/PASSI_SECRET_KEY/);
  });
});
