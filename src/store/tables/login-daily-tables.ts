import type { ColumnType } from 'kysely';

export interface LoginDailyTable {
  /** The UTC day, `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  service_id: string;
  /** '' when the login ended before a school was chosen. */
  integration_id: string;
  /** The school code the login is counted under; '' when none. */
  school: ColumnType<string, string | undefined, string>;
  /** `pupil`, `teacher`, `other`, or '' when the login carried no role. */
  role: ColumnType<string, string | undefined, string>;
  /** `completed`, `completed:problems` or `failed:<family>` (login-outcome.ts). */
  outcome: string;
  /** bigint: PostgreSQL and PGlite return it as a string. */
  count: ColumnType<string, number, number>;
}

export interface LoginDailyTables {
  login_daily: LoginDailyTable;
}
