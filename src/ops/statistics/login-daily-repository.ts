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
 * The daily login counters (docs/operations.md "Daily login statistics"). Writing is an upsert that adds,
 * with no read, so any number of nodes count into the same row without losing a login (PostgreSQL
 * serialises the conflicting updates of one row).
 */
export function createLoginDailyRepository(db: Db) {
  return {
    async count(key: LoginDailyKey): Promise<void> {
      await countMany(db, [{ ...key, count: 1 }]);
    },

    /**
     * Adds each row's count to its row, in one statement (the counts a node gathered in memory,
     * login-daily-buffer.ts). The rows' keys must be distinct: one statement cannot update a row twice.
     */
    countMany: (rows: readonly LoginDailyRow[]): Promise<void> => countMany(db, rows),

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

async function countMany(db: Db, rows: readonly LoginDailyRow[]): Promise<void> {
  if (rows.length === 0) return;
  // In key order: two nodes adding to the same rows lock them in the same order, so they never deadlock
  // (PostgreSQL, "Explicit Locking", 13.3.4 "Deadlocks").
  const sorted = [...rows].sort((a, b) => compareKeys(keyParts(a), keyParts(b)));
  await db
    .insertInto('login_daily')
    .values(
      sorted.map((r) => ({
        day: r.day,
        service_id: r.serviceId,
        integration_id: r.integrationId,
        school: r.school,
        role: r.role,
        outcome: r.outcome,
        count: r.count,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['day', 'service_id', 'integration_id', 'school', 'role', 'outcome'])
        .doUpdateSet({ count: sql`login_daily.count + excluded.count` }),
    )
    .execute();
}

/** A row's key, field by field in the primary key's order. */
export function keyParts(key: LoginDailyKey): readonly string[] {
  return [key.day, key.serviceId, key.integrationId, key.school, key.role, key.outcome];
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] ?? '';
    const bi = b[i] ?? '';
    if (ai !== bi) return ai < bi ? -1 : 1;
  }
  return 0;
}

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
