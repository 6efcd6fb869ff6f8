import { describe, expect, it } from 'vitest';
import { runEvery } from './run-every.ts';

describe('runEvery', () => {
  it('runs on its interval, reports a failure once until a run succeeds, and stops when told', async () => {
    const outcomes = ['fail', 'fail', 'ok', 'fail'];
    let runs = 0;
    const errors: unknown[] = [];
    const stop = runEvery(
      2,
      async () => {
        const outcome = outcomes[runs++] ?? 'ok';
        if (outcome === 'fail') throw new Error(`run ${runs}`);
      },
      (e) => errors.push(e),
    );
    await expect.poll(() => runs).toBeGreaterThanOrEqual(5);
    stop();
    const stoppedAt = runs;
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(stoppedAt);
    // The first two failures are one outage: one report. After a success, a new failure is reported again.
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1', 'run 4']);
  });
});
