import type { ColumnType } from 'kysely';
import type { SummarySendStatus } from '../summary/weekly-summary-tables.ts';

/** One expiry notice to one address (migration 0988); statuses as the weekly summary's sends. */
export interface ExpiryNoticeSendTable {
  /** `<kind>:<id>:<problem>:<expiry date>`: a renewed certificate is a new item. */
  item_key: string;
  /** Days before the expiry: 30 or 7. */
  threshold: number;
  email: string;
  organisation_id: string;
  status: SummarySendStatus;
  attempts: ColumnType<number, number | undefined, number>;
  retry_at: ColumnType<Date, Date, Date>;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface HealthTables {
  expiry_notice_send: ExpiryNoticeSendTable;
}
