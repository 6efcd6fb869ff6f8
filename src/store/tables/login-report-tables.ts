import type { ColumnType, JSONColumnType } from 'kysely';

export interface LoginReportTable {
  id: string;
  at: ColumnType<Date, Date | string, Date | string>;
  service_id: string;
  integration_id: string;
  correlation_id: string | null;
  blocked: boolean;
  problems: JSONColumnType<{ code: string; severity: string; attributes: string[] }[]>;
  detail: JSONColumnType<Record<string, unknown>> | null;
  detail_expires_at: ColumnType<Date, Date | string, Date | string> | null;
}

export interface LoginReportTables {
  login_report: LoginReportTable;
}
