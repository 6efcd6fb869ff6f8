import type { Db } from '../../store/database.ts';
import type { LogoTable } from './logo-tables.ts';

/** Uploaded logos by SHA-256 (migration 0988): the same bytes are stored once. */
export function createLogoStore(db: Db) {
  return {
    async put(logo: Omit<LogoTable, 'created_at'>): Promise<void> {
      await db
        .insertInto('logo')
        .values(logo)
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },
    async get(sha256: string): Promise<Pick<LogoTable, 'content_type' | 'bytes'> | undefined> {
      return db
        .selectFrom('logo')
        .select(['content_type', 'bytes'])
        .where('sha256', '=', sha256)
        .executeTakeFirst();
    },
  };
}
