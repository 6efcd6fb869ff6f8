import { describe, expect, it } from 'vitest';
import { FlowTimings } from './flow-timings.ts';

describe('FlowTimings', () => {
  it('returns the marks so far and forgets a flow when it is taken', () => {
    const t = new FlowTimings(60_000, 10);
    expect(t.mark('a', 'startedAt', 1000)).toBeUndefined();
    expect(t.mark('a', 'upstreamAt', 1500)).toMatchObject({ startedAt: 1000 });
    expect(t.take('a', 2000)).toMatchObject({ startedAt: 1000, upstreamAt: 1500 });
    expect(t.take('a', 2000)).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('forgets unfinished flows after their lifetime', () => {
    const t = new FlowTimings(1000, 10);
    t.mark('old', 'startedAt', 0);
    t.mark('new', 'startedAt', 900);
    t.mark('newer', 'startedAt', 1500);
    expect(t.size).toBe(2);
    expect(t.take('old', 1500)).toBeUndefined();
    expect(t.take('new', 1500)).toMatchObject({ startedAt: 900 });
  });

  it('never holds more than its bound: the least recently active flows go first', () => {
    const t = new FlowTimings(3_600_000, 100);
    for (let i = 0; i < 10_000; i++) t.mark(`f${i}`, 'startedAt', i);
    expect(t.size).toBe(100);
    expect(t.take('f0', 10_000)).toBeUndefined();
    expect(t.take('f9999', 10_000)).toMatchObject({ startedAt: 9999 });
  });
});
