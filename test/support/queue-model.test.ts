import { describe, expect, it } from 'vitest';
import { cpuForP99, simulateQueue } from '../../bench/support/queue-model.ts';

/** The proxied-login benchmark's queueing model (docs/performance.md "Half load: what queueing alone costs"). */
describe('the queueing model of one thread serving logins', () => {
  it('at a trickle no login waits: every login takes exactly its CPU', () => {
    const r = simulateQueue({ cpuMsPerLogin: 10, requestsPerLogin: 2, loginsPerSecond: 0.01, hopMs: 5 });
    expect(r.p50).toBeCloseTo(10, 6);
    expect(r.p99).toBeCloseTo(10, 6);
  });

  it('one request per login at half load matches the Pollaczek–Khinchine mean of M/D/1: 1.5 × the service time', () => {
    // Mean time in system = S + ρS / (2(1 − ρ)); ρ = 0.5 gives 1.5 S.
    const r = simulateQueue({ cpuMsPerLogin: 10, requestsPerLogin: 1, loginsPerSecond: 50, hopMs: 0 });
    expect(r.utilisation).toBeCloseTo(0.5, 6);
    expect(r.mean).toBeGreaterThan(14.5);
    expect(r.mean).toBeLessThan(15.5);
  });

  it('the tail grows with the load', () => {
    const at = (rate: number) =>
      simulateQueue({ cpuMsPerLogin: 10, requestsPerLogin: 2, loginsPerSecond: rate, hopMs: 5 }).p99;
    expect(at(20)).toBeLessThan(at(50));
    expect(at(50)).toBeLessThan(at(80));
  });

  it('the same seed gives the same answer', () => {
    const input = { cpuMsPerLogin: 8, requestsPerLogin: 5, loginsPerSecond: 60, hopMs: 3, logins: 5000 };
    expect(simulateQueue(input)).toEqual(simulateQueue(input));
  });

  it('the CPU a login may cost for a p99 goal at half load is where the model reaches that p99', () => {
    const cpu = cpuForP99({ p99GoalMs: 20, requestsPerLogin: 2, utilisation: 0.5, hopMs: 5 });
    const at = (c: number) =>
      simulateQueue({
        cpuMsPerLogin: c,
        requestsPerLogin: 2,
        loginsPerSecond: 500 / c,
        hopMs: 5,
        logins: 20_000,
      }).p99;
    expect(at(cpu)).toBeLessThan(20);
    expect(at(cpu * 1.05)).toBeGreaterThanOrEqual(20);
  });
});
