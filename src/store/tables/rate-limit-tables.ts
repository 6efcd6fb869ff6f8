import type { ColumnType } from 'kysely';

export interface RateLimitTable {
  key: string;
  count: number;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface RateLimitTables {
  rate_limit: RateLimitTable;
}
