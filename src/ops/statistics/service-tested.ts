import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';

/**
 * Whether a service has had at least one completed login (docs/operations.md "Daily login statistics"):
 * the evidence a test service needs before a production copy is made (docs/portal.md "Services"). The
 * daily counters are kept 25 months and written by every node, so the answer is the same everywhere.
 */
export async function serviceHasCompletedLogin(db: Db, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('login_daily')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('service_id', '=', serviceId)
    .where('outcome', 'in', ['completed', 'completed:problems'])
    .executeTakeFirst();
  return (row?.n ?? 0) > 0;
}
