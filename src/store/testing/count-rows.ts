import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** Tests: how many rows a state table holds (to check the sweeper left live rows alone). */
export async function countRows(
  db: Db,
  table: 'flow' | 'session' | 'replay' | 'oidc_artifact' | 'login_report',
): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
  return row?.n ?? 0;
}
