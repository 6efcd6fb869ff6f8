import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { JoinDetails, PortalJoinApplicationTable } from './join-tables.ts';

export type JoinKind = PortalJoinApplicationTable['kind'];
export type JoinStatus = PortalJoinApplicationTable['status'];

export interface JoinApplication {
  id: string;
  status: JoinStatus;
  kind: JoinKind;
  details: JoinDetails;
  confirmedOid: string | null;
  termsVersion: number;
  verifyExpiresAt: Date;
  verifiedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  rejectReason: string | null;
  organisationId: string | null;
  createdAt: Date;
}

export interface NewJoinApplication {
  id: string;
  kind: JoinKind;
  details: JoinDetails;
  confirmedOid: string | null;
  termsVersion: number;
  verifyTokenHash: string;
  verifyExpiresAt: Date;
  statusTokenHash: string;
  ip: string;
  createdAt: Date;
}

const toApplication = (r: Selectable<PortalJoinApplicationTable>): JoinApplication => ({
  id: r.id,
  status: r.status,
  kind: r.kind,
  details: r.details,
  confirmedOid: r.confirmed_oid,
  termsVersion: Number(r.terms_version),
  verifyExpiresAt: new Date(r.verify_expires_at),
  verifiedAt: r.verified_at ? new Date(r.verified_at) : null,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  decidedBy: r.decided_by,
  rejectReason: r.reject_reason,
  organisationId: r.organisation_id,
  createdAt: new Date(r.created_at),
});

/** Applications to join Passi; the two link tokens are kept only as hashes. */
export function createJoinApplicationStore(db: Db) {
  return {
    async create(a: NewJoinApplication, tx: Db = db): Promise<void> {
      await tx
        .insertInto('portal_join_application')
        .values({
          id: a.id,
          status: 'received',
          kind: a.kind,
          details: a.details,
          contact_email: a.details.contactEmail,
          confirmed_oid: a.confirmedOid,
          terms_version: a.termsVersion,
          verify_token_hash: a.verifyTokenHash,
          verify_expires_at: a.verifyExpiresAt,
          status_token_hash: a.statusTokenHash,
          ip: a.ip,
          created_at: a.createdAt,
        })
        .execute();
    },
    async byVerifyToken(tokenHash: string): Promise<JoinApplication | undefined> {
      const row = await db
        .selectFrom('portal_join_application')
        .selectAll()
        .where('verify_token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toApplication(row);
    },
    async byStatusToken(tokenHash: string): Promise<JoinApplication | undefined> {
      const row = await db
        .selectFrom('portal_join_application')
        .selectAll()
        .where('status_token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toApplication(row);
    },
    async byId(id: string, tx: Db = db): Promise<JoinApplication | undefined> {
      const row = await tx
        .selectFrom('portal_join_application')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toApplication(row);
    },
    /** Received → verified, once: false when the link was already used (another tab, a replay). */
    async markVerified(id: string, at: Date): Promise<boolean> {
      const r = await db
        .updateTable('portal_join_application')
        .set({ status: 'verified', verified_at: at })
        .where('id', '=', id)
        .where('status', '=', 'received')
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    },
    /** Only verified applications reach the operator (docs/portal.md "Joining"). */
    async listVerified(): Promise<JoinApplication[]> {
      const rows = await db
        .selectFrom('portal_join_application')
        .selectAll()
        .where('status', '=', 'verified')
        .orderBy('created_at')
        .limit(500)
        .execute();
      return rows.map(toApplication);
    },
    /** Verified → approved or rejected, once: false when someone decided first. */
    async decide(
      id: string,
      d: { status: 'approved' | 'rejected'; by: string; at: Date; reason?: string; organisationId?: string },
      tx: Db = db,
    ): Promise<boolean> {
      const r = await tx
        .updateTable('portal_join_application')
        .set({
          status: d.status,
          decided_by: d.by,
          decided_at: d.at,
          reject_reason: d.reason ?? null,
          organisation_id: d.organisationId ?? null,
        })
        .where('id', '=', id)
        .where('status', '=', 'verified')
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    },
  };
}
