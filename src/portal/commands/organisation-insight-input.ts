import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError } from '../../core/errors.ts';
import { STATISTICS_MAX_DAYS } from '../../ops/statistics/statistics-scope.ts';
import { TRACE_MAX_WINDOW_MS, type TraceSearch } from '../../ops/trace/login-trace-query.ts';

/**
 * Why a filter of the insight pages was refused (docs/portal.md "Login statistics, data quality and
 * support trace"): the pages say it in the person's language, the API in `error.message`.
 */
export type InsightInputProblem = 'date' | 'order' | 'range' | 'time' | 'window' | 'retention' | 'future';

/** The days shown when the person chose none: the last 30, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The trace's window when the person chose none: the last hour. */
export const DEFAULT_TRACE_WINDOW_MS = 3_600_000;
/** Raw reports are kept this long unless the deployment says otherwise (docs/operations.md "Login reports"). */
export const DEFAULT_REPORT_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function refuse(problem: InsightInputProblem, message: string): never {
  fail(ErrorCodes.REQUEST_INVALID, message, { detail: { problem } });
}

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

function isDay(value: string): boolean {
  return DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/**
 * A date range of whole UTC days, `from` and `to` each optional: the last DEFAULT_RANGE_DAYS days up to
 * today by the clock when both are absent, a range ending on `to` when only it is given, and so on.
 * Refused: a day that does not exist, `from` after `to`, and more than STATISTICS_MAX_DAYS days.
 */
export function dayRange(now: Date, input: { from?: string; to?: string }): { from: string; to: string } {
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  if ((from !== undefined && !isDay(from)) || (to !== undefined && !isDay(to)))
    refuse('date', 'dates must be real days in the form YYYY-MM-DD');
  const end = to ?? (from && from > dayOf(now.getTime()) ? from : dayOf(now.getTime()));
  const start = from ?? dayOf(Date.parse(end) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (start > end) refuse('order', '`from` must not be after `to`');
  if ((Date.parse(end) - Date.parse(start)) / DAY_MS + 1 > STATISTICS_MAX_DAYS)
    refuse('range', `a range covers at most ${STATISTICS_MAX_DAYS} days`);
  return { from: start, to: end };
}

/** What a person may type for a moment: `YYYY-MM-DDTHH:MM[:SS]` (a datetime-local field, read as UTC) or ISO 8601 with a zone. */
const MOMENT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

function moment(value: string): Date {
  const text = value.trim().replace(' ', 'T');
  const at = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  // Date rolls 30 February over into March: the day itself must exist.
  if (!MOMENT.test(text) || !isDay(text.slice(0, 10)) || Number.isNaN(at.getTime()))
    refuse('time', 'times must be YYYY-MM-DDTHH:MM (UTC) or ISO 8601');
  return at;
}

export interface TraceInput {
  errorId?: string;
  from?: string;
  to?: string;
  serviceId?: string;
  school?: string;
}

/**
 * The support trace's search (docs/operations.md "Support trace"): the error id a person reports, or a
 * time window of at most one day, inside the raw reports' retention, narrowed by service and school. No
 * window given: the last hour by the clock; only one end given: one hour from or to it.
 */
export function traceSearch(now: Date, input: TraceInput, retentionDays: number): TraceSearch {
  const errorId = input.errorId?.trim();
  if (errorId) return { errorId: errorId.slice(0, 100) };
  const fromText = input.from?.trim() || undefined;
  const toText = input.to?.trim() || undefined;
  const to = toText
    ? moment(toText)
    : fromText
      ? new Date(moment(fromText).getTime() + DEFAULT_TRACE_WINDOW_MS)
      : now;
  const from = fromText ? moment(fromText) : new Date(to.getTime() - DEFAULT_TRACE_WINDOW_MS);
  if (from.getTime() >= to.getTime()) refuse('order', '`from` must be before `to`');
  if (to.getTime() - from.getTime() > TRACE_MAX_WINDOW_MS)
    refuse('window', 'a time window covers at most 24 hours');
  if (from.getTime() > now.getTime()) refuse('future', 'the time window starts in the future');
  if (to.getTime() < now.getTime() - retentionDays * DAY_MS)
    refuse('retention', `login reports are kept ${retentionDays} days`);
  const serviceId = input.serviceId?.trim().slice(0, 200) || undefined;
  const school = input.school?.trim().slice(0, 100) || undefined;
  return {
    from,
    to,
    ...(serviceId ? { serviceId } : {}),
    ...(school ? { school } : {}),
  };
}

/** The problem a refused insight input carried, for the pages to say in the person's language. */
export function insightProblemOf(error: unknown): InsightInputProblem | undefined {
  if (!isPassiError(error) || error.code !== ErrorCodes.REQUEST_INVALID) return undefined;
  const problem = error.detail?.problem;
  return PROBLEMS.find((p) => p === problem);
}

const PROBLEMS: readonly InsightInputProblem[] = [
  'date',
  'order',
  'range',
  'time',
  'window',
  'retention',
  'future',
];
