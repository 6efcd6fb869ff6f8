import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { PortalRole } from '../domain/roles.ts';

/** One person's place in an organisation, as the organisation page lists it. */
export interface OrganisationMember {
  personId: string;
  email: string;
  displayName: string;
  role: PortalRole;
  /** `invited`: an invitation is open and not yet accepted; `active`: holds the membership. */
  status: 'invited' | 'active';
  lastSignInAt: Date | null;
}

/**
 * The people of one organisation: memberships, open invitations, and ending a membership. Every query is
 * scoped by the organisation id the caller was authorised for.
 */
export function createOrganisationPeopleStore(db: Db) {
  return {
    async members(organisationId: string, now: Date): Promise<OrganisationMember[]> {
      const active = await db
        .selectFrom('portal_membership as m')
        .innerJoin('portal_person as p', 'p.id', 'm.person_id')
        .select(['p.id', 'p.email', 'p.display_name', 'm.role'])
        .select((eb) =>
          eb
            .selectFrom('portal_audit as a')
            .select(sql<Date | string | null>`max(a.at)`.as('last'))
            .whereRef('a.actor', '=', 'p.id')
            .where('a.action', '=', 'sign-in')
            .as('last_sign_in'),
        )
        .where('m.organisation_id', '=', organisationId)
        .where('p.status', '=', 'active')
        .execute();
      const invited = await db
        .selectFrom('portal_invitation as i')
        .innerJoin('portal_person as p', 'p.id', 'i.person_id')
        .select(['p.id', 'p.email', 'p.display_name', 'i.role'])
        .where('i.organisation_id', '=', organisationId)
        .where('i.used_at', 'is', null)
        .where('i.expires_at', '>', now)
        .execute();
      const rows: OrganisationMember[] = [
        ...active.map((r) => ({
          personId: r.id,
          email: r.email,
          displayName: r.display_name,
          role: r.role,
          status: 'active' as const,
          lastSignInAt: r.last_sign_in ? new Date(r.last_sign_in) : null,
        })),
        ...invited.map((r) => ({
          personId: r.id,
          email: r.email,
          displayName: r.display_name,
          role: r.role,
          status: 'invited' as const,
          lastSignInAt: null,
        })),
      ];
      return rows.sort((a, b) => a.email.localeCompare(b.email) || a.role.localeCompare(b.role));
    },
    /**
     * Ends a person's memberships in the organisation, their open invitations to it, their sessions working
     * in it and their API tokens for it (OWASP Session Management Cheat Sheet: sessions end when the rights
     * behind them do; a token is a session that outlives the browser).
     */
    async removeFromOrganisation(
      personId: string,
      organisationId: string,
      now: Date,
      tx: Db = db,
    ): Promise<{ memberships: number; invitations: number; sessions: number; tokens: number }> {
      const m = await tx
        .deleteFrom('portal_membership')
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      const i = await tx
        .updateTable('portal_invitation')
        .set({ used_at: now, pending_totp_secret: null })
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      const s = await tx
        .deleteFrom('portal_session')
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      const k = await tx
        .updateTable('portal_api_token')
        .set({ revoked_at: now })
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return {
        tokens: Number(k.numUpdatedRows),
        memberships: Number(m.numDeletedRows),
        invitations: Number(i.numUpdatedRows),
        sessions: Number(s.numDeletedRows),
      };
    },
  };
}
