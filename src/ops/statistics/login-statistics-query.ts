import { type ExpressionBuilder, sql } from 'kysely';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure } from '../../core/errors.ts';
import type { Database, Db } from '../../store/database.ts';
import { type RollupDimension, rolledUpMonthsWithin } from './login-rollup.ts';
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

/** One count: a dimension's key (a day for `day`), and the outcome where the grouping kept it. */
interface Counted {
  dimension: RollupDimension;
  key: string;
  outcome: string;
  n: number;
}

const DIMENSIONS: readonly RollupDimension[] = ['day', 'service', 'integration', 'school', 'role'];

/** Days of `from` … `to` outside the rolled-up months, as inclusive ranges. */
function dayRangesOutside(from: string, to: string, months: readonly string[]): [string, string][] {
  const ranges: [string, string][] = [];
  let start = from;
  for (const month of months) {
    const first = month;
    const next = new Date(Date.parse(`${month}T00:00:00Z`));
    next.setUTCMonth(next.getUTCMonth() + 1);
    if (start < first) ranges.push([start, new Date(Date.parse(first) - DAY_MS).toISOString().slice(0, 10)]);
    start = next.toISOString().slice(0, 10);
  }
  if (start <= to) ranges.push([start, to]);
  return ranges;
}

async function fromDailyRows(db: Db, ranges: [string, string][], scope: StatisticsScope): Promise<Counted[]> {
  if (ranges.length === 0) return [];
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
      sql<number>`grouping(day, service_id, integration_id, school, role)`.as('g'),
    ])
    .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<=', b)]))))
    .where(scoped(scope))
    .groupBy(
      // Only the per-day chart is split by outcome; the breakdowns count every outcome together.
      sql`grouping sets ((day, outcome), (service_id), (integration_id), (school), (role))`,
    )
    .execute();
  // grouping(): one bit per listed column, 1 where the column is rolled up; exactly one is kept.
  const kept = (g: number): RollupDimension | undefined =>
    DIMENSIONS.find((_, i) => g === (0b11111 ^ (1 << (4 - i))));
  const value = {
    day: 'day',
    service: 'service_id',
    integration: 'integration_id',
    school: 'school',
    role: 'role',
  } as const;
  return rows.flatMap((r) => {
    const dimension = kept(Number(r.g));
    if (!dimension) return [];
    const outcome = dimension === 'day' ? r.outcome : '';
    return [{ dimension, key: String(r[value[dimension]] ?? ''), outcome, n: Number(r.n) }];
  });
}

async function fromRollups(db: Db, months: readonly string[]): Promise<Counted[]> {
  if (months.length === 0) return [];
  // Summed in the store, not row by row here: 25 months of a federation's roll-ups are hundreds of
  // thousands of rows, their sums a few thousand (docs/performance.md "Statistics queries").
  const outcome = sql<string>`case when dimension = 'day' then outcome else '' end`;
  const rows = await db
    .selectFrom('login_rollup')
    .select(['dimension', 'key', outcome.as('outcome'), sql<string>`sum(count)`.as('n')])
    .where('month', 'in', months)
    .groupBy(['dimension', 'key', outcome])
    .execute();
  return rows.map((r) => ({
    dimension: r.dimension as RollupDimension,
    key: r.key,
    outcome: r.outcome,
    n: Number(r.n),
  }));
}

/**
 * Login counts over a date range (docs/operations.md "Daily login statistics"). The whole federation's
 * closed months come from their roll-ups (login-rollup.ts), the remaining days from the daily rows in one
 * grouping-sets query; an organisation's own numbers come from the daily rows over their indexes.
 */
export async function loginStatistics(
  db: Db,
  input: { from: string; to: string; scope: StatisticsScope },
): Promise<LoginStatistics> {
  checkRange(input.from, input.to);
  const months = input.scope.kind === 'all' ? await rolledUpMonthsWithin(db, input.from, input.to) : [];
  const counted = [
    ...(await fromRollups(db, months)),
    ...(await fromDailyRows(db, dayRangesOutside(input.from, input.to, months), input.scope)),
  ];
  const sums = new Map<RollupDimension, Map<string, number>>(DIMENSIONS.map((d) => [d, new Map()]));
  const byDay = new Map<string, Record<string, number>>();
  const outcomes = new Map<string, number>();
  for (const c of counted) {
    const sum = sums.get(c.dimension);
    sum?.set(c.key, (sum.get(c.key) ?? 0) + c.n);
    if (c.dimension !== 'day') continue;
    const day = byDay.get(c.key) ?? {};
    day[c.outcome] = (day[c.outcome] ?? 0) + c.n;
    byDay.set(c.key, day);
    outcomes.set(c.outcome, (outcomes.get(c.outcome) ?? 0) + c.n);
  }
  const top = (entries: Iterable<[string, number]>) =>
    [...entries]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
      .slice(0, BREAKDOWN_LIMIT);
  const perDay: LoginStatistics['perDay'] = [];
  for (let t = Date.parse(input.from); t <= Date.parse(input.to); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const byOutcome = byDay.get(day) ?? {};
    perDay.push({ day, count: Object.values(byOutcome).reduce((a, b) => a + b, 0), byOutcome });
  }
  const byOutcome = top(outcomes);
  return {
    from: input.from,
    to: input.to,
    total: byOutcome.reduce((a, b) => a + b.count, 0),
    perDay,
    byOutcome,
    byService: top(sums.get('service') ?? []),
    byIntegration: top(sums.get('integration') ?? []),
    bySchool: top(sums.get('school') ?? []),
    byRole: top(sums.get('role') ?? []),
  };
}
