import type { ColumnType } from 'kysely';

/** Where a request for a service by agreement stands (docs/portal.md "Services for pupils"). */
export const AGREEMENT_STATES = ['requested', 'accepted', 'declined', 'withdrawn'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

type Timestamp = ColumnType<Date, Date, Date>;
type MaybeTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface ServiceAgreementTable {
  id: string;
  /** The education provider (registry organisation id = its OID). */
  organisation_id: string;
  service_id: string;
  state: AgreementState;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: MaybeTimestamp;
  /** Why the service provider declined (required then), shown to the education provider. */
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ServiceAgreementTables {
  service_agreement: ServiceAgreementTable;
}
