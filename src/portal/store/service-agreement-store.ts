import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/database.ts';
import type { AgreementState } from '../../store/tables/service-agreement-tables.ts';

/** One education provider's request for one service by agreement, and where it stands. */
export interface ServiceAgreement {
  id: string;
  organisationId: string;
  serviceId: string;
  state: AgreementState;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

type Row = {
  id: string;
  organisation_id: string;
  service_id: string;
  state: AgreementState;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
};

const toAgreement = (r: Row): ServiceAgreement => ({
  id: r.id,
  organisationId: r.organisation_id,
  serviceId: r.service_id,
  state: r.state,
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  reason: r.reason,
});

/** The service_agreement rows (migration 0986): one per education provider and service. */
export function createServiceAgreementStore(db: Db) {
  return {
    async ofOrganisation(organisationId: string): Promise<ServiceAgreement[]> {
      const rows = await db
        .selectFrom('service_agreement')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .execute();
      return rows.map(toAgreement);
    },

    async ofServices(serviceIds: readonly string[]): Promise<ServiceAgreement[]> {
      if (serviceIds.length === 0) return [];
      const rows = await db
        .selectFrom('service_agreement')
        .selectAll()
        .where('service_id', 'in', serviceIds)
        .orderBy('requested_at', 'desc')
        .execute();
      return rows.map(toAgreement);
    },

    /** The row, locked for the rest of the transaction `db` is. */
    async lockById(id: string): Promise<ServiceAgreement | undefined> {
      const row = await db
        .selectFrom('service_agreement')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row ? toAgreement(row) : undefined;
    },

    async lockByPair(organisationId: string, serviceId: string): Promise<ServiceAgreement | undefined> {
      const row = await db
        .selectFrom('service_agreement')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('service_id', '=', serviceId)
        .forUpdate()
        .executeTakeFirst();
      return row ? toAgreement(row) : undefined;
    },

    /**
     * A new request: the pair's row is created, or an earlier declined or withdrawn one starts over (the
     * audit keeps the history). Two requests at once meet at the unique pair: the second updates nothing.
     */
    async request(input: {
      organisationId: string;
      serviceId: string;
      by: string;
      at: Date;
    }): Promise<string> {
      const fresh = {
        state: 'requested' as const,
        requested_by: input.by,
        requested_at: input.at,
        decided_by: null,
        decided_at: null,
        reason: null,
      };
      const row = await db
        .insertInto('service_agreement')
        .values({
          id: randomUUID(),
          organisation_id: input.organisationId,
          service_id: input.serviceId,
          ...fresh,
        })
        .onConflict((oc) => oc.columns(['organisation_id', 'service_id']).doUpdateSet(fresh))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async decide(
      id: string,
      input: { state: 'accepted' | 'declined' | 'withdrawn'; by: string; at: Date; reason?: string },
    ): Promise<void> {
      await db
        .updateTable('service_agreement')
        .set({ state: input.state, decided_by: input.by, decided_at: input.at, reason: input.reason ?? null })
        .where('id', '=', id)
        .execute();
    },
  };
}
