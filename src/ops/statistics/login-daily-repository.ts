import { sql } from 'kysely';
import type { RoleKind } from '../../core/resolved-identity.ts';
import type { Db } from '../../store/database.ts';
import type { LoginOutcome } from './login-outcome.ts';

/** How long daily rows are kept: 25 months, so this month can be compared with the same month two years back. */
export const LOGIN_DAILY_KEEP_MONTHS = 25;

export interface LoginDailyKey {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  serviceId: string;
  /** '' when the login ended before a school was chosen. */
  integrationId: string;
  /** The school code the login is counted under; '' when none (failed before, or no school). */
  school: string;
  role: RoleKind;
  outcome: LoginOutcome;
}

export interface LoginDailyRow extends LoginDailyKey {
  count: number;
}

/**
 * The daily login counters (docs/operations.md "Daily login statistics"). Writing is one statement per
 * finished login — an upsert that adds one, with no read — so any number of nodes count into the same
 * row without losing a login (PostgreSQL serialises the conflicting updates of one row).
 */
export function createLoginDailyRepository(db: Db) {
  return {
    async count(key: LoginDailyKey): Promise<void> {
      await db
        .insertInto('login_daily')
        .values({
          day: key.day,
          service_id: key.serviceId,
          integration_id: key.integrationId,
          school: key.school,
          role: key.role,
          outcome: key.outcome,
          count: 1,
        })
        .onConflict((oc) =>
          oc
            .columns(['day', 'service_id', 'integration_id', 'school', 'role', 'outcome'])
            .doUpdateSet({ count: sql`login_daily.count + 1` }),
        )
        .execute();
    },

    /** The rows of the days `from` … `to` (inclusive, `YYYY-MM-DD`), in key order. */
    async days(from: string, to: string): Promise<LoginDailyRow[]> {
      const rows = await db
        .selectFrom('login_daily')
        .select([
          sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
          'service_id',
          'integration_id',
          'school',
          'role',
          'outcome',
          'count',
        ])
        .where('day', '>=', from)
        .where('day', '<=', to)
        .orderBy('day')
        .orderBy('service_id')
        .orderBy('integration_id')
        .orderBy('school')
        .orderBy('role')
        .orderBy('outcome')
        .execute();
      return rows.map((r) => ({
        day: r.day,
        serviceId: r.service_id,
        integrationId: r.integration_id,
        school: r.school,
        role: r.role as RoleKind,
        outcome: r.outcome as LoginOutcome,
        count: Number(r.count),
      }));
    },
  };
}

export type LoginDailyRepository = ReturnType<typeof createLoginDailyRepository>;

/** Deletes daily rows older than LOGIN_DAILY_KEEP_MONTHS before `now` (UTC); returns how many. */
export async function deleteOldLoginDaily(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('login_daily')
    .where('day', '<', loginDailyCutoff(now))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The first day still kept: the same day of the month LOGIN_DAILY_KEEP_MONTHS months before `now` (UTC). */
export function loginDailyCutoff(now: Date): string {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - LOGIN_DAILY_KEEP_MONTHS, 1));
  // The same day of that month, or its last day when it is shorter (31 March → 28/29 February).
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return cutoff.toISOString().slice(0, 10);
}

/** The UTC day of an event's ISO 8601 time. */
export function utcDay(at: string): string {
  return new Date(at).toISOString().slice(0, 10);
}
