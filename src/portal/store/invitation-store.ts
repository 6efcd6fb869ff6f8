import type { Db } from '../../store/database.ts';
import type { PortalRole } from '../domain/roles.ts';

export interface Invitation {
  tokenHash: string;
  personId: string;
  organisationId: string;
  role: PortalRole;
  invitedBy: string;
  pendingTotpSealed: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Single-use invitation links, stored under the hash of their token. */
export function createInvitationStore(db: Db) {
  return {
    async create(input: Omit<Invitation, 'pendingTotpSealed' | 'usedAt'>, tx: Db = db): Promise<void> {
      await tx
        .insertInto('portal_invitation')
        .values({
          token_hash: input.tokenHash,
          person_id: input.personId,
          organisation_id: input.organisationId,
          role: input.role,
          invited_by: input.invitedBy,
          expires_at: input.expiresAt,
        })
        .execute();
    },
    async find(tokenHash: string, tx: Db = db): Promise<Invitation | undefined> {
      const row = await tx
        .selectFrom('portal_invitation')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return (
        row && {
          tokenHash: row.token_hash,
          personId: row.person_id,
          organisationId: row.organisation_id,
          role: row.role,
          invitedBy: row.invited_by,
          pendingTotpSealed: row.pending_totp_secret,
          expiresAt: new Date(row.expires_at),
          usedAt: row.used_at ? new Date(row.used_at) : null,
        }
      );
    },
    /** Keeps the TOTP secret first offered, so reloading the page does not invalidate a scanned code. */
    async offerTotpSecret(tokenHash: string, sealed: string): Promise<string> {
      await db
        .updateTable('portal_invitation')
        .set({ pending_totp_secret: sealed })
        .where('token_hash', '=', tokenHash)
        .where('pending_totp_secret', 'is', null)
        .execute();
      const row = await db
        .selectFrom('portal_invitation')
        .select('pending_totp_secret')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirstOrThrow();
      return row.pending_totp_secret ?? sealed;
    },
    /** Uses the invitation once: false when it was already used (a second tab, a replayed form). */
    async markUsed(tokenHash: string, at: Date, tx: Db = db): Promise<boolean> {
      const result = await tx
        .updateTable('portal_invitation')
        .set({ used_at: at, pending_totp_secret: null })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
  };
}
