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

/** A closed month's counts per dimension and outcome (login-rollup.ts). */
export interface LoginRollupTable {
  /** The month's first day, `YYYY-MM-01`. */
  month: ColumnType<string, string, string>;
  dimension: string;
  key: string;
  outcome: string;
  count: ColumnType<string, number | string, number | string>;
}

export interface LoginRollupMonthTable {
  month: ColumnType<string, string, string>;
  rolled_up_at: ColumnType<Date, Date | string, Date | string>;
}

export interface LoginDailyTables {
  login_daily: LoginDailyTable;
  login_rollup: LoginRollupTable;
  login_rollup_month: LoginRollupMonthTable;
}
