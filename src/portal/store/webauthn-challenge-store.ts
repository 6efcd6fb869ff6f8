import type { Db } from '../../store/database.ts';
import { hashToken } from '../domain/secret-token.ts';

export type ChallengePurpose = 'registration' | 'authentication';

/**
 * WebAuthn challenges kept on the server (WebAuthn Level 3 §13.4.3): a challenge is accepted once, before
 * its expiry, for the purpose and the invitation or person it was issued to. Stored as its SHA-256 so a
 * reader of the store cannot answer one.
 */
export function createWebauthnChallengeStore(db: Db) {
  return {
    async issue(input: {
      challenge: string;
      purpose: ChallengePurpose;
      boundTo: string;
      expiresAt: Date;
    }): Promise<void> {
      await db
        .insertInto('portal_webauthn_challenge')
        .values({
          challenge_hash: hashToken(input.challenge),
          purpose: input.purpose,
          bound_to: input.boundTo,
          expires_at: input.expiresAt,
        })
        .execute();
    },
    /**
     * Uses a challenge: true only the first time, before expiry, for the same purpose and holder. One
     * conditional DELETE, so two requests racing with one challenge cannot both succeed. Expired rows of
     * the same holder are swept on the way.
     */
    async consume(input: {
      challenge: string;
      purpose: ChallengePurpose;
      boundTo: string;
      now: Date;
    }): Promise<boolean> {
      const removed = await db
        .deleteFrom('portal_webauthn_challenge')
        .where('challenge_hash', '=', hashToken(input.challenge))
        .where('purpose', '=', input.purpose)
        .where('bound_to', '=', input.boundTo)
        .where('expires_at', '>', input.now)
        .executeTakeFirst();
      await db
        .deleteFrom('portal_webauthn_challenge')
        .where('bound_to', '=', input.boundTo)
        .where('expires_at', '<=', input.now)
        .execute();
      return removed.numDeletedRows === 1n;
    },
  };
}
