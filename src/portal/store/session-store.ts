import type { Db } from '../../store/database.ts';
import type { PortalRole } from '../domain/roles.ts';

export interface PortalSession {
  idHash: string;
  personId: string;
  organisationId: string;
  role: PortalRole;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  authenticatedAt: Date;
  expiresAt: Date;
}

/** Portal sessions, stored under the hash of their cookie (a store reader gets no usable cookie). */
export function createPortalSessionStore(db: Db) {
  return {
    async create(s: PortalSession): Promise<void> {
      await db
        .insertInto('portal_session')
        .values({
          id_hash: s.idHash,
          person_id: s.personId,
          organisation_id: s.organisationId,
          role: s.role,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          authenticated_at: s.authenticatedAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },
    async find(idHash: string): Promise<PortalSession | undefined> {
      const row = await db
        .selectFrom('portal_session')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return (
        row && {
          idHash: row.id_hash,
          personId: row.person_id,
          organisationId: row.organisation_id,
          role: row.role,
          csrfToken: row.csrf_token,
          createdAt: new Date(row.created_at),
          lastSeenAt: new Date(row.last_seen_at),
          authenticatedAt: new Date(row.authenticated_at),
          expiresAt: new Date(row.expires_at),
        }
      );
    },
    async touch(idHash: string, at: Date): Promise<void> {
      await db
        .updateTable('portal_session')
        .set({ last_seen_at: at })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async markAuthenticated(idHash: string, at: Date): Promise<void> {
      await db
        .updateTable('portal_session')
        .set({ authenticated_at: at, last_seen_at: at })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async switchMembership(idHash: string, m: { organisationId: string; role: PortalRole }): Promise<void> {
      await db
        .updateTable('portal_session')
        .set({ organisation_id: m.organisationId, role: m.role })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async remove(idHash: string): Promise<void> {
      await db.deleteFrom('portal_session').where('id_hash', '=', idHash).execute();
    },
    async removeExpired(now: Date): Promise<void> {
      await db.deleteFrom('portal_session').where('expires_at', '<', now).execute();
    },
  };
}
