import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';

/** A registry change (audit_log) of the organisation's own document or of its integrations and services. */
export interface RegistryChangeRow {
  source: 'registry';
  id: string;
  at: Date;
  actor: string;
  action: 'create' | 'update' | 'delete';
  entityKind: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A portal event (portal_audit) of the organisation: invitations, people, sign-ins, refusals. */
export interface PortalEventRow {
  source: 'portal';
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}

export type OrganisationAuditRow = RegistryChangeRow | PortalEventRow;

/**
 * Both audit trails of one organisation, newest first. Each is read up to `offset + limit` rows and the
 * two are merged, so a page is exact and a read is bounded by the deepest page allowed.
 */
export function createOrganisationAuditStore(db: Db) {
  return {
    async page(organisationId: string, offset: number, limit: number): Promise<OrganisationAuditRow[]> {
      const depth = offset + limit + 1;
      const registry = await db
        .selectFrom('audit_log')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('entity_kind', '=', 'organisation'), eb('entity_id', '=', organisationId)]),
            eb.and([
              eb('entity_kind', '!=', 'organisation'),
              eb.or([
                eb(sql<string>`after->>'organisationOid'`, '=', organisationId),
                eb(sql<string>`before->>'organisationOid'`, '=', organisationId),
              ]),
            ]),
          ]),
        )
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(depth)
        .execute();
      const portal = await db
        .selectFrom('portal_audit')
        .selectAll()
        .where((eb) =>
          eb.or([eb('organisation_id', '=', organisationId), eb('subject', '=', organisationId)]),
        )
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(depth)
        .execute();
      const rows: OrganisationAuditRow[] = [
        ...registry.map(
          (r): RegistryChangeRow => ({
            source: 'registry',
            id: `r${r.id}`,
            at: new Date(r.at),
            actor: r.actor,
            action: r.action,
            entityKind: r.entity_kind,
            entityId: r.entity_id,
            before: r.before,
            after: r.after,
          }),
        ),
        ...portal.map(
          (r): PortalEventRow => ({
            source: 'portal',
            id: `p${r.id}`,
            at: new Date(r.at),
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
          }),
        ),
      ];
      return rows.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(offset, offset + limit + 1);
    },
  };
}
