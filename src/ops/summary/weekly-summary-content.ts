import type { LocalisedText } from '../../core/language.ts';
import type { Db } from '../../store/database.ts';
import { dataQuality } from '../quality/data-quality-query.ts';
import { type CountBy, loginStatistics } from '../statistics/login-statistics-query.ts';
import type { SummaryWeek } from './summary-week.ts';

/** The most frequent problems a summary lists. */
export const SUMMARY_TOP_PROBLEMS = 5;

/** Outcomes of the logins the data model ran on (data-quality-query.ts counts the same). */
const CHECKED_OUTCOMES = new Set(['completed', 'completed:problems', 'failed:blocked']);

export interface SummaryProblem {
  code: string;
  /** Logins on which the rule fired. */
  logins: number;
  /** `logins` over the week's logins the data model checked; absent when none were counted. */
  share?: number;
  /** Integration and school pairs where it fired. */
  schools: number;
  advice?: LocalisedText;
}

/** One organisation's week in numbers and codes: no personal data. */
export interface WeeklySummary {
  organisationId: string;
  week: SummaryWeek;
  total: number;
  byOutcome: CountBy<string>[];
  problems: SummaryProblem[];
}

/**
 * An education provider's week over its integrations: login counts by outcome from the daily statistics,
 * and the most frequent data-model problems from the data-quality query, summed over schools.
 */
export async function weeklySummaryOf(
  db: Db,
  input: { organisationId: string; integrationIds: readonly string[]; week: SummaryWeek },
): Promise<WeeklySummary> {
  const { from, to } = input.week;
  const stats = await loginStatistics(db, {
    from,
    to,
    scope: { kind: 'integrations', integrationIds: input.integrationIds },
  });
  const rows = await dataQuality(db, { from, to, integrationIds: input.integrationIds });
  const checked = stats.byOutcome.filter((o) => CHECKED_OUTCOMES.has(o.key)).reduce((a, o) => a + o.count, 0);
  const byCode = new Map<string, { logins: number; places: Set<string>; advice?: LocalisedText }>();
  for (const row of rows) {
    const entry = byCode.get(row.code) ?? { logins: 0, places: new Set<string>(), advice: row.advice };
    // One row per integration, school and attribute set: a login counts once per set the rule named.
    entry.logins += row.logins;
    entry.places.add(`${row.integrationId}\n${row.school}`);
    byCode.set(row.code, entry);
  }
  const problems = [...byCode]
    .map(([code, e]) => ({
      code,
      logins: e.logins,
      ...(checked > 0 ? { share: Math.min(1, e.logins / checked) } : {}),
      schools: e.places.size,
      ...(e.advice ? { advice: e.advice } : {}),
    }))
    .sort((a, b) => b.logins - a.logins || a.code.localeCompare(b.code))
    .slice(0, SUMMARY_TOP_PROBLEMS);
  return {
    organisationId: input.organisationId,
    week: input.week,
    total: stats.total,
    byOutcome: stats.byOutcome,
    problems,
  };
}

/** A week worth a mail: at least one login or one problem (docs/operations.md "Weekly summary"). */
export function hasNews(summary: WeeklySummary): boolean {
  return summary.total > 0 || summary.problems.length > 0;
}
