import type { ColumnType } from 'kysely';

/** An uploaded logo, content-addressed (docs/portal.md "Logos"). */
export interface LogoTable {
  sha256: string;
  content_type: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  bytes: Uint8Array;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface LogoTables {
  logo: LogoTable;
}
