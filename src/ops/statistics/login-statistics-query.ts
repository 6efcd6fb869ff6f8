import { type ExpressionBuilder, sql } from 'kysely';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure } from '../../core/errors.ts';
import type { Database, Db } from '../../store/database.ts';
import { STATISTICS_MAX_DAYS, type StatisticsScope } from './statistics-scope.ts';

export interface CountBy<K extends string> {
  key: K;
  count: number;
}

export interface LoginStatistics {
  from: string;
  to: string;
  total: number;
  /** Every day of the range, with zero days included, split by outcome. */
  perDay: { day: string; count: number; byOutcome: Record<string, number> }[];
  byOutcome: CountBy<string>[];
  byService: CountBy<string>[];
  byIntegration: CountBy<string>[];
  bySchool: CountBy<string>[];
  byRole: CountBy<string>[];
}

/** Breakdowns list at most this many keys (largest first); the operator's school list is long. */
export const BREAKDOWN_LIMIT = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Checks a date range: real `YYYY-MM-DD` days, from ≤ to, at most STATISTICS_MAX_DAYS long. */
export function checkRange(from: string, to: string): void {
  const valid = (d: string) => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  ensure(valid(from) && valid(to), ErrorCodes.REQUEST_INVALID, 'dates must be YYYY-MM-DD');
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  ensure(days >= 1, ErrorCodes.REQUEST_INVALID, '`from` must not be after `to`');
  ensure(
    days <= STATISTICS_MAX_DAYS,
    ErrorCodes.REQUEST_INVALID,
    `a range covers at most ${STATISTICS_MAX_DAYS} days`,
  );
}

function scoped(scope: StatisticsScope) {
  return (eb: ExpressionBuilder<Database, 'login_daily'>) => {
    if (scope.kind === 'all') return eb.val(true);
    if (scope.kind === 'integrations')
      return scope.integrationIds.length ? eb('integration_id', 'in', scope.integrationIds) : eb.val(false);
    return scope.serviceIds.length ? eb('service_id', 'in', scope.serviceIds) : eb.val(false);
  };
}

/**
 * Login counts over a date range from the daily rows (docs/operations.md "Daily login statistics"): one
 * query with grouping sets, so a 25-month range of a whole federation is one scan of its rows.
 */
export async function loginStatistics(
  db: Db,
  input: { from: string; to: string; scope: StatisticsScope },
): Promise<LoginStatistics> {
  checkRange(input.from, input.to);
  const rows = await db
    .selectFrom('login_daily')
    .select([
      sql<string | null>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      'outcome',
      'service_id',
      'integration_id',
      'school',
      'role',
      sql<string>`sum(count)`.as('n'),
      sql<number>`grouping(day, outcome, service_id, integration_id, school, role)`.as('g'),
    ])
    .where('day', '>=', input.from)
    .where('day', '<=', input.to)
    .where(scoped(input.scope))
    .groupBy(sql`grouping sets ((day, outcome), (outcome), (service_id), (integration_id), (school), (role))`)
    .execute();
  // grouping(): one bit per column in the order listed, 1 where the column is rolled up.
  const only = (column: 0 | 1 | 2 | 3 | 4 | 5) => 0b111111 ^ (1 << (5 - column));
  const DAY_OUTCOME = 0b001111;
  const byDay = new Map<string, Record<string, number>>();
  const breakdown = (column: 1 | 2 | 3 | 4 | 5, pick: (r: (typeof rows)[number]) => string) =>
    rows
      .filter((r) => Number(r.g) === only(column))
      .map((r) => ({ key: pick(r), count: Number(r.n) }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
      .slice(0, BREAKDOWN_LIMIT);
  for (const r of rows) {
    if (Number(r.g) !== DAY_OUTCOME || !r.day) continue;
    const day = byDay.get(r.day) ?? {};
    day[r.outcome] = Number(r.n);
    byDay.set(r.day, day);
  }
  const perDay: LoginStatistics['perDay'] = [];
  for (let t = Date.parse(input.from); t <= Date.parse(input.to); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const byOutcome = byDay.get(day) ?? {};
    perDay.push({ day, count: Object.values(byOutcome).reduce((a, b) => a + b, 0), byOutcome });
  }
  const byOutcome = breakdown(1, (r) => r.outcome);
  return {
    from: input.from,
    to: input.to,
    total: byOutcome.reduce((a, b) => a + b.count, 0),
    perDay,
    byOutcome,
    byService: breakdown(2, (r) => r.service_id),
    byIntegration: breakdown(3, (r) => r.integration_id),
    bySchool: breakdown(4, (r) => r.school),
    byRole: breakdown(5, (r) => r.role),
  };
}
