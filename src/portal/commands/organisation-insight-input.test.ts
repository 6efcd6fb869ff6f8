import { describe, expect, it } from 'vitest';
import { dayRange, insightProblemOf, traceSearch } from './organisation-insight-input.ts';

const NOW = new Date('2026-03-02T08:00:00Z');
const problem = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return insightProblemOf(error) ?? `other: ${String(error)}`;
  }
};

describe('insight filters', () => {
  it('a date range defaults to the 30 days up to today by the clock, or up to the day asked', () => {
    expect(dayRange(NOW, {})).toEqual({ from: '2026-02-01', to: '2026-03-02' });
    expect(dayRange(NOW, { to: '2026-01-31' })).toEqual({ from: '2026-01-02', to: '2026-01-31' });
    expect(dayRange(NOW, { from: '2026-02-20' })).toEqual({ from: '2026-02-20', to: '2026-03-02' });
    expect(dayRange(NOW, { from: '2026-04-01' })).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(dayRange(NOW, { from: ' ', to: '' })).toEqual({ from: '2026-02-01', to: '2026-03-02' });
  });

  it('refuses days that do not exist, reversed and over-long ranges', () => {
    expect(problem(() => dayRange(NOW, { from: '2026-02-29' }))).toBe('date');
    expect(problem(() => dayRange(NOW, { to: '2.3.2026' }))).toBe('date');
    expect(problem(() => dayRange(NOW, { from: '2026-03-02', to: '2026-03-01' }))).toBe('order');
    expect(problem(() => dayRange(NOW, { from: '2023-12-22', to: '2026-03-01' }))).toBe('range');
    expect(problem(() => dayRange(NOW, { from: '2023-12-23', to: '2026-03-01' }))).toBe('accepted');
  });

  it('the trace searches by error id first, else a window: the last hour by default, UTC unless zoned', () => {
    expect(traceSearch(NOW, { errorId: ' abc ', from: 'ignored' }, 30)).toEqual({ errorId: 'abc' });
    expect(traceSearch(NOW, {}, 30)).toEqual({
      from: new Date('2026-03-02T07:00:00Z'),
      to: NOW,
    });
    expect(traceSearch(NOW, { from: '2026-03-01T10:00', serviceId: ' svc ', school: '' }, 30)).toEqual({
      from: new Date('2026-03-01T10:00:00Z'),
      to: new Date('2026-03-01T11:00:00Z'),
      serviceId: 'svc',
    });
    expect(traceSearch(NOW, { to: '2026-03-01 12:30+02:00', school: '00001' }, 30)).toEqual({
      from: new Date('2026-03-01T09:30:00Z'),
      to: new Date('2026-03-01T10:30:00Z'),
      school: '00001',
    });
  });

  it('refuses a window over 24 hours, outside the retention, in the future, reversed or unreadable', () => {
    const trace = (input: Record<string, string>, retention = 30) =>
      problem(() => traceSearch(NOW, input, retention));
    expect(trace({ from: '2026-03-01T08:00', to: '2026-03-02T08:00' })).toBe('accepted');
    expect(trace({ from: '2026-03-01T08:00', to: '2026-03-02T08:01' })).toBe('window');
    expect(trace({ from: '2026-01-30T07:00', to: '2026-01-30T07:59' })).toBe('retention');
    expect(trace({ from: '2026-01-30T07:00', to: '2026-01-30T07:59' }, 90)).toBe('accepted');
    expect(trace({ from: '2026-03-02T09:00' })).toBe('future');
    expect(trace({ from: '2026-03-02T07:00', to: '2026-03-02T07:00' })).toBe('order');
    expect(trace({ from: '2026-02-30T07:00' })).toBe('time');
    expect(trace({ to: '2026-03-02T25:00' })).toBe('time');
    expect(trace({ from: 'now' })).toBe('time');
  });
});
