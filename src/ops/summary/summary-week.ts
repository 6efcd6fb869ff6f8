/** An ISO 8601 week (Monday to Sunday) as the daily statistics count it: in UTC days. */
export interface SummaryWeek {
  /** `2026-W49`. */
  week: string;
  /** Its Monday, `YYYY-MM-DD`. */
  from: string;
  /** Its Sunday, `YYYY-MM-DD`. */
  to: string;
}

/** When the summary of the week before goes out: an ISO weekday (1 = Monday) and hour in a time zone. */
export interface SummarySchedule {
  day: number;
  hour: number;
  timeZone: string;
}

const DAY_MS = 86_400_000;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** ISO 8601 weekday, 1 = Monday … 7 = Sunday, of a `YYYY-MM-DD` day. */
function isoWeekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The ISO 8601 week a day belongs to: the week's year is the year of its Thursday (ISO 8601 §3.2.2). */
export function isoWeekOf(day: string): SummaryWeek {
  const monday = Date.parse(`${day}T00:00:00Z`) - (isoWeekday(day) - 1) * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const number = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return {
    week: `${year}-W${String(number).padStart(2, '0')}`,
    from: dayOf(monday),
    to: dayOf(monday + 6 * DAY_MS),
  };
}

/** The calendar day and hour at `now` in `timeZone` (the IANA database, through Intl). */
function localTime(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/**
 * The week whose summary is due at `now`: the week before the current local one, once the schedule's
 * weekday and hour have come; before that, none. A week stays due until the next one is, so a run that
 * failed is retried all week, and an old week is never sent when the job is first switched on.
 */
export function dueSummaryWeek(now: Date, schedule: SummarySchedule): SummaryWeek | undefined {
  const local = localTime(now, schedule.timeZone);
  const weekday = isoWeekday(local.day);
  if (weekday < schedule.day || (weekday === schedule.day && local.hour < schedule.hour)) return undefined;
  return isoWeekOf(dayOf(Date.parse(`${local.day}T00:00:00Z`) - 7 * DAY_MS));
}
