import { describe, expect, it } from 'vitest';
import { dueSummaryWeek, isoWeekOf } from './summary-week.ts';

const MONDAY_SIX_HELSINKI = { day: 1, hour: 6, timeZone: 'Europe/Helsinki' };

describe('isoWeekOf', () => {
  it('numbers weeks by their Thursday (ISO 8601), also across the turn of a year', () => {
    expect(isoWeekOf('2026-12-03')).toEqual({ week: '2026-W49', from: '2026-11-30', to: '2026-12-06' });
    // 2026-12-31 is a Thursday: its week is the last of 2026; 2027-01-03 (Sunday) still belongs to it.
    expect(isoWeekOf('2027-01-03')).toEqual({ week: '2026-W53', from: '2026-12-28', to: '2027-01-03' });
    expect(isoWeekOf('2027-01-04').week).toBe('2027-W01');
    // 2024-12-30 (Monday) is in week 1 of 2025.
    expect(isoWeekOf('2024-12-30')).toEqual({ week: '2025-W01', from: '2024-12-30', to: '2025-01-05' });
  });
});

describe('dueSummaryWeek', () => {
  it('is the week before, from Monday 06:00 in Helsinki on', () => {
    // Monday 2026-12-07 05:59 in Helsinki (UTC+2) is 03:59 UTC: not yet.
    expect(dueSummaryWeek(new Date('2026-12-07T03:59:00Z'), MONDAY_SIX_HELSINKI)).toBeUndefined();
    expect(dueSummaryWeek(new Date('2026-12-07T04:00:00Z'), MONDAY_SIX_HELSINKI)?.week).toBe('2026-W49');
    // Still due on Sunday evening, so a failed send is retried all week.
    expect(dueSummaryWeek(new Date('2026-12-13T21:00:00Z'), MONDAY_SIX_HELSINKI)?.week).toBe('2026-W49');
    // Sunday 22:30 UTC is already Monday 00:30 in Helsinki: the new week has begun, its send time not yet.
    expect(dueSummaryWeek(new Date('2026-12-13T22:30:00Z'), MONDAY_SIX_HELSINKI)).toBeUndefined();
  });

  it('follows summer time and another weekday', () => {
    // Helsinki is UTC+3 in June: Monday 06:00 local is 03:00 UTC.
    expect(dueSummaryWeek(new Date('2026-06-08T02:59:00Z'), MONDAY_SIX_HELSINKI)).toBeUndefined();
    expect(dueSummaryWeek(new Date('2026-06-08T03:00:00Z'), MONDAY_SIX_HELSINKI)?.week).toBe('2026-W23');
    const wednesday = { day: 3, hour: 9, timeZone: 'Europe/Helsinki' };
    expect(dueSummaryWeek(new Date('2026-06-09T12:00:00Z'), wednesday)).toBeUndefined();
    expect(dueSummaryWeek(new Date('2026-06-10T06:00:00Z'), wednesday)?.week).toBe('2026-W23');
  });
});
