import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { logPoolThreadScheduling } from './log-pool-thread-scheduling.ts';
import { threadPolicy } from './pool-thread-scheduling.ts';

const canBatch = process.platform === 'linux' && !spawnSync('chrt', ['--version']).error;
if (!canBatch)
  console.warn(
    "log-pool-thread-scheduling: skipping the SCHED_BATCH case: not Linux, or no util-linux's chrt",
  );

type Line = { level: 'info' | 'warn'; fields: Record<string, unknown>; message: string };

/** A log that keeps what it is told. */
function capturedLog() {
  const kept: Line[] = [];
  const log = {
    info: (fields: Record<string, unknown>, message: string) => kept.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => kept.push({ level: 'warn', fields, message }),
  };
  return { log, lines: () => kept };
}

describe("the start's word on libuv's pool threads", () => {
  let changed: number[] = [];
  afterAll(() => {
    for (const tid of changed) execFileSync('chrt', ['--other', '--pid', '0', String(tid)]);
  });

  it.skipIf(!canBatch)('names the threads put under SCHED_BATCH, once per process', async () => {
    const first = capturedLog();
    const outcome = await logPoolThreadScheduling('batch', first.log);
    if (outcome.kind !== 'batch') throw new Error(`not applied: ${JSON.stringify(outcome)}`);
    changed = outcome.threadIds;
    expect(first.lines()).toEqual([
      {
        level: 'info',
        fields: { threadIds: outcome.threadIds },
        message: "libuv's pool threads run under SCHED_BATCH",
      },
    ]);
    for (const tid of outcome.threadIds) expect(threadPolicy(tid)).toBe(3);
    // A second app in the same process shares the pool: the same outcome, not a second search.
    const second = capturedLog();
    expect(await logPoolThreadScheduling('batch', second.log)).toBe(outcome);
  });

  it('warns with the reason when SCHED_BATCH could not be applied', async () => {
    const { log, lines } = capturedLog();
    const reason = 'chrt could not set SCHED_BATCH on thread 7: Operation not permitted';
    await logPoolThreadScheduling('batch', log, async () => ({ kind: 'unavailable', reason }));
    expect(lines()).toEqual([
      {
        level: 'warn',
        fields: { reason },
        message: expect.stringContaining("libuv's pool threads keep the normal scheduling policy"),
      },
    ]);
  });

  it('says nothing when the threads are to be left as they are', async () => {
    const { log, lines } = capturedLog();
    expect(await logPoolThreadScheduling('normal', log)).toEqual({ kind: 'normal' });
    expect(lines()).toEqual([]);
  });
});
