import type { ColumnType } from 'kysely';

/** `pending` (to send), `sending` (claimed; the lease ends at `retry_at`), `sent`, `skipped`, `failed`. */
export type SummarySendStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface WeeklySummarySendTable {
  organisation_id: string;
  /** The ISO 8601 week the summary covers, `2026-W49`. */
  week: string;
  email: string;
  status: SummarySendStatus;
  attempts: ColumnType<number, number | undefined, number>;
  /** When the row may be claimed (again): now for a new row, the lease's end, or the retry time. */
  retry_at: ColumnType<Date, Date, Date>;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface WeeklySummaryOptOutTable {
  organisation_id: string;
  email: string;
  opted_out_at: ColumnType<Date, Date, Date>;
}

export interface WeeklySummaryOffTable {
  organisation_id: string;
  /** Who switched it off: a portal person id. */
  changed_by: string;
  changed_at: ColumnType<Date, Date, Date>;
}

export interface WeeklySummaryTables {
  weekly_summary_send: WeeklySummarySendTable;
  weekly_summary_opt_out: WeeklySummaryOptOutTable;
  weekly_summary_off: WeeklySummaryOffTable;
}
