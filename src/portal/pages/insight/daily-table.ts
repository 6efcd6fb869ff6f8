import type { Messages } from '../../../i18n/messages.ts';
import type { LoginStatistics } from '../../../ops/statistics/login-statistics-query.ts';
import { isOutcome, OUTCOMES } from './outcome-style.ts';

/** A table as text: what the statistics page shows and what its CSV download holds, cell for cell. */
export interface TextTable {
  header: string[];
  rows: string[][];
}

/** The outcome columns: every known outcome in its fixed order, then any other the range holds. */
export function outcomeColumns(statistics: LoginStatistics): string[] {
  const extra = statistics.byOutcome.map((o) => o.key).filter((k) => !isOutcome(k));
  return [...OUTCOMES, ...extra.sort()];
}

export function outcomeLabel(t: Messages, outcome: string): string {
  return isOutcome(outcome) ? t[`portal.insight.outcome.${outcome}`] : outcome;
}

/** Logins per day: the day, its total, and one column per outcome (docs/portal.md "Login statistics"). */
export function dailyTable(statistics: LoginStatistics, t: Messages): TextTable {
  const outcomes = outcomeColumns(statistics);
  return {
    header: [
      t['portal.insight.col.day'],
      t['portal.insight.col.total'],
      ...outcomes.map((o) => outcomeLabel(t, o)),
    ],
    rows: statistics.perDay.map((d) => [
      d.day,
      String(d.count),
      ...outcomes.map((o) => String(d.byOutcome[o] ?? 0)),
    ]),
  };
}
