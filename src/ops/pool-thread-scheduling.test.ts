import { execFileSync, spawnSync } from 'node:child_process';
import { pbkdf2 } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPoolThreadIds, poolSize, schedulePoolThreads, threadPolicy } from './pool-thread-scheduling.ts';

const SCHED_OTHER = 0;
const SCHED_BATCH = 3;
const onLinux = process.platform === 'linux';
const chrtInstalled = onLinux && !spawnSync('chrt', ['--version']).error;
const skipReason = !onLinux
  ? 'SCHED_BATCH is a Linux scheduling policy'
  : !chrtInstalled
    ? "util-linux's chrt is not installed"
    : undefined;
if (skipReason) console.warn(`pool-thread-scheduling: skipping the Linux cases: ${skipReason}`);

/** CPU time so far of each thread of this process but the main one, in ns (proc(5), schedstat). */
function threadCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${process.pid}/task`).map(Number)) {
    if (tid === process.pid) continue;
    try {
      cpu.set(tid, Number(readFileSync(`/proc/${process.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return cpu;
}

/** chrt's own reading of a thread's policy: an independent judge of threadPolicy. */
const chrtSays = (tid: number) => execFileSync('chrt', ['--pid', String(tid)]).toString();

describe('the pool size libuv takes from UV_THREADPOOL_SIZE', () => {
  it('is 4 by default and for values libuv ignores, and at most 1024', () => {
    expect(poolSize({})).toBe(4);
    expect(poolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
    expect(poolSize({ UV_THREADPOOL_SIZE: '0' })).toBe(4);
    expect(poolSize({ UV_THREADPOOL_SIZE: 'many' })).toBe(4);
    expect(poolSize({ UV_THREADPOOL_SIZE: '5000' })).toBe(1024);
  });
});

describe.skipIf(!onLinux)("finding libuv's pool threads", () => {
  it('names every pool thread, and the threads it names are where pool work runs', async () => {
    const ids = await findPoolThreadIds();
    expect(ids).toHaveLength(poolSize());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(process.pid);
    // Independent of how they were found: CPU-bound pool jobs land on exactly these threads.
    const before = threadCpu();
    await Promise.all(
      Array.from(
        { length: ids.length },
        () =>
          new Promise((resolve, reject) =>
            pbkdf2('p', 's', 300_000, 32, 'sha256', (e) => (e ? reject(e) : resolve(e))),
          ),
      ),
    );
    const after = threadCpu();
    const grew = (tid: number) => (after.get(tid) ?? 0) - (before.get(tid) ?? 0);
    const onFound = ids.reduce((sum, tid) => sum + grew(tid), 0);
    const onOthers = [...after.keys()]
      .filter((tid) => !ids.includes(tid))
      .reduce((sum, tid) => sum + grew(tid), 0);
    expect(onFound).toBeGreaterThan(20e6);
    expect(onFound).toBeGreaterThan(4 * onOthers);
  });
});

describe.skipIf(skipReason !== undefined)('libuv pool threads under SCHED_BATCH', () => {
  // Found once, while they run under the normal policy: threads under SCHED_BATCH do not preempt, so one of
  // them may answer every probe.
  let pool: number[] = [];
  beforeAll(async () => {
    pool = await findPoolThreadIds();
    expect(pool).toHaveLength(poolSize());
  });
  let changed: number[] = [];
  afterEach(() => {
    // This test process's pool goes back to the normal policy.
    for (const tid of changed) execFileSync('chrt', ['--other', '--pid', '0', String(tid)]);
    changed = [];
  });

  it('puts every pool thread, and only those, under SCHED_BATCH', async () => {
    const others = [...threadCpu().keys()];
    const outcome = await schedulePoolThreads('batch');
    if (outcome.kind !== 'batch') throw new Error(`not applied: ${JSON.stringify(outcome)}`);
    changed = outcome.threadIds;
    expect(outcome.threadIds).toEqual(pool);
    for (const tid of outcome.threadIds) {
      expect(threadPolicy(tid)).toBe(SCHED_BATCH);
      expect(chrtSays(tid)).toContain('SCHED_BATCH');
    }
    for (const tid of others.filter((t) => !outcome.threadIds.includes(t)))
      expect(threadPolicy(tid) ?? SCHED_OTHER).toBe(SCHED_OTHER);
    expect(threadPolicy(process.pid)).toBe(SCHED_OTHER);
  });

  it('leaves every thread as it was when chrt is missing, and says why', async () => {
    const outcome = await schedulePoolThreads('batch', { chrt: join(tmpdir(), 'no-such-dir', 'chrt') });
    expect(outcome).toEqual({ kind: 'unavailable', reason: expect.stringContaining('not installed') });
    for (const tid of pool) expect(threadPolicy(tid)).toBe(SCHED_OTHER);
  });

  it('puts the threads already changed back when chrt fails part way (all or none)', async () => {
    // A chrt that works once, then refuses.
    const dir = mkdtempSync(join(tmpdir(), 'passi-chrt-'));
    const fake = join(dir, 'chrt');
    writeFileSync(
      fake,
      `#!/bin/sh\nif [ "$1" = --batch ] && [ -e "${dir}/used" ]; then echo refused >&2; exit 1; fi\ntouch "${dir}/used"\nexec chrt "$@"\n`,
    );
    chmodSync(fake, 0o755);
    const outcome = await schedulePoolThreads('batch', { chrt: fake });
    expect(outcome).toEqual({ kind: 'unavailable', reason: expect.stringContaining('refused') });
    for (const tid of pool) expect(threadPolicy(tid)).toBe(SCHED_OTHER);
  });
});

describe('when SCHED_BATCH is not asked for or not possible', () => {
  it('changes nothing for `normal`, and says so elsewhere than on Linux', async () => {
    expect(await schedulePoolThreads('normal')).toEqual({ kind: 'normal' });
    expect(await schedulePoolThreads('batch', { platform: 'darwin' })).toEqual({
      kind: 'unavailable',
      reason: 'SCHED_BATCH is a Linux scheduling policy',
    });
  });
});
