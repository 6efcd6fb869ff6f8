import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../store/database.ts';

/** What the portal audits (docs/portal.md "Audit"). */
export type PortalAuditAction =
  | 'invitation-created'
  | 'invitation-accepted'
  | 'invitation-refused'
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-in-locked'
  | 'sign-out'
  | 'reauthenticated'
  | 'organisation-switched'
  | 'session-expired'
  | 'access-refused'
  | 'api-token-created'
  | 'api-token-revoked'
  | 'api-token-refused'
  | 'membership-added'
  | 'membership-removed'
  | 'terms-published'
  | 'join-submitted'
  | 'join-verified'
  | 'join-approved'
  | 'join-rejected'
  | 'weekly-summary-switched'
  | 'test-login-started'
  | 'test-login-recorded'
  | 'test-login-refused'
  | 'production-integration-created'
  | 'production-integration-approved'
  | 'agreement-requested'
  | 'agreement-withdrawn'
  | 'agreement-accepted'
  | 'agreement-declined'
  | 'registry-version-restored'
  | 'logo-uploaded'
  | 'entra-attribute-test';

export interface PortalAuditEntry {
  actor: string;
  action: PortalAuditAction;
  organisationId?: string;
  /** Whom or what the action concerns (an e-mail address for sign-ins, a person id, an object id). */
  subject?: string;
  ip?: string;
  detail?: Record<string, unknown>;
}

export interface PortalAuditRow extends PortalAuditEntry {
  id: string;
  at: Date;
}

/**
 * The portal's audit trail: append-only rows. The registry's audit_log records document changes
 * (create/update/delete of entities); sign-ins and refusals are events of people, so they live here.
 */
export function createPortalAuditStore(db: Db, clock: Clock) {
  return {
    async record(entry: PortalAuditEntry, tx: Db = db): Promise<void> {
      await tx
        .insertInto('portal_audit')
        .values({
          at: clock.now(),
          actor: entry.actor,
          action: entry.action,
          organisation_id: entry.organisationId ?? null,
          subject: entry.subject ?? null,
          ip: entry.ip ?? null,
          detail: entry.detail ?? null,
        })
        .execute();
    },
    /** How many `action` rows with this subject or client address were written since `since`. */
    async countSince(
      action: PortalAuditAction,
      by: { subject: string } | { ip: string },
      since: Date,
    ): Promise<number> {
      let q = db
        .selectFrom('portal_audit')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', action)
        .where('at', '>=', since);
      q = 'subject' in by ? q.where('subject', '=', by.subject) : q.where('ip', '=', by.ip);
      const row = await q.executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Newest first; `organisationId` undefined = every organisation (operators only). */
    async list(filter: { organisationId?: string; limit: number }): Promise<PortalAuditRow[]> {
      let q = db.selectFrom('portal_audit').selectAll().orderBy('id', 'desc').limit(filter.limit);
      if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
      const rows = await q.execute();
      return rows.map((r) => ({
        id: String(r.id),
        at: new Date(r.at),
        actor: r.actor,
        action: r.action as PortalAuditAction,
        organisationId: r.organisation_id ?? undefined,
        subject: r.subject ?? undefined,
        ip: r.ip ?? undefined,
        detail: r.detail ?? undefined,
      }));
    },
  };
}
