import { describe, expect, it } from 'vitest';
import { previousSecretAccepted } from './previous-client-secret.ts';

const NOW = new Date('2026-12-04T12:00:00Z');
const secrets = {
  clientSecret: 'new-secret-0123456789abcdef0123456789ab',
  previousClientSecret: 'old-secret-0123456789abcdef0123456789ab',
  previousClientSecretExpiresAt: '2026-12-11T12:00:00.000Z',
};

describe('previousSecretAccepted (docs/portal.md "Client secret rotation")', () => {
  it('accepts the previous secret before its expiry only', () => {
    expect(previousSecretAccepted(secrets, secrets.previousClientSecret, NOW)).toBe(true);
    expect(
      previousSecretAccepted(secrets, secrets.previousClientSecret, new Date('2026-12-11T12:00:00Z')),
    ).toBe(false);
  });

  it('refuses anything else: another secret, the current one, no previous secret, no or a bad expiry', () => {
    expect(previousSecretAccepted(secrets, 'old-secret-0123456789abcdef0123456789ac', NOW)).toBe(false);
    expect(previousSecretAccepted(secrets, secrets.clientSecret, NOW)).toBe(false);
    expect(
      previousSecretAccepted({ clientSecret: secrets.clientSecret }, secrets.previousClientSecret, NOW),
    ).toBe(false);
    const { previousClientSecretExpiresAt: _gone, ...noExpiry } = secrets;
    expect(previousSecretAccepted(noExpiry, secrets.previousClientSecret, NOW)).toBe(false);
    expect(
      previousSecretAccepted(
        { ...secrets, previousClientSecretExpiresAt: 'soon' },
        secrets.previousClientSecret,
        NOW,
      ),
    ).toBe(false);
    expect(previousSecretAccepted(undefined, secrets.previousClientSecret, NOW)).toBe(false);
    expect(previousSecretAccepted(secrets, undefined, NOW)).toBe(false);
  });
});
