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
  flow_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The error id the service and the person were shown, for a failed login. */
  error_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** login-outcome.ts; null on rows written before outcomes were recorded. */
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  error_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** The operator's detail of a failure (connector's or data model's words; no attribute values). */
  error_detail: ColumnType<string | null, string | null | undefined, string | null>;
  school: ColumnType<string, string | undefined, string>;
  /** What the service asked for (request summary, no personal data). */
  request: JSONColumnType<Record<string, unknown>, string | null | undefined, string | null> | null;
  /** Names of the released attributes, never their values. */
  released: JSONColumnType<string[], string | null | undefined, string | null> | null;
}

export interface LoginReportTables {
  login_report: LoginReportTable;
}
