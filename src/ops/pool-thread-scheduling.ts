import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * libuv's thread pool under Linux's SCHED_BATCH policy (docs/performance.md "libuv's pool without wake-up
 * preemption"). Passi hands a login's RSA signatures, its RSA-OAEP key unwrap and its ID token signature to
 * that pool so the event loop keeps serving other requests meanwhile. Under the normal policy the kernel
 * lets the pool thread it just woke preempt the thread that woke it — the event loop — on the same core,
 * and the loop waits for the signature it had handed off. A SCHED_BATCH thread never preempts on wake-up
 * (sched(7): "the scheduler will apply a small scheduling penalty with respect to wakeup behavior"); it
 * runs on an idle core, or when the event loop waits for I/O, or at the next tick, with the same nice
 * value and so the same share of the CPU. Nothing but the order of running changes.
 */
export type PoolThreadScheduling = 'batch' | 'normal';

export type PoolSchedulingOutcome =
  | { kind: 'batch'; threadIds: number[] }
  | { kind: 'normal' }
  | { kind: 'unavailable'; reason: string };

/** Linux's policy number for SCHED_BATCH (include/uapi/linux/sched.h), as /proc/<pid>/task/<tid>/stat shows it. */
const SCHED_BATCH = 3;
/** libuv's default pool size and its bound (uv_threadpool_size: UV_THREADPOOL_SIZE, 1…1024). */
const DEFAULT_POOL_SIZE = 4;
const MAX_POOL_SIZE = 1024;
/**
 * Probes per round (× the pool size) and rounds before the threads found so far are taken as all there
 * are. A probe takes microseconds, so one thread can answer a whole round before another wakes; under the
 * normal policy each woken thread preempts the event loop, so a few rounds reach all of them. Found this
 * way only before the change: SCHED_BATCH threads do not preempt, and one of them may answer every probe.
 */
const PROBES_PER_THREAD = 16;
const PROBE_ROUNDS = 50;

const run = promisify(execFile);

/** The pool size libuv takes from the environment when it creates the pool. */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  if (!Number.isFinite(n) || n < 1) return DEFAULT_POOL_SIZE;
  return Math.min(n, MAX_POOL_SIZE);
}

/**
 * The thread ids of libuv's pool, each learnt from the kernel rather than guessed: an asynchronous
 * `readlink` runs on a pool thread, and `/proc/thread-self` names the calling thread (proc(5):
 * "/proc/thread-self … points to the subdirectory /proc/self/task/[tid]"). Probes until every pool thread
 * has answered once, or PROBE_ROUNDS rounds have passed.
 */
export async function findPoolThreadIds(expected: number = poolSize()): Promise<number[]> {
  const found = new Set<number>();
  for (let round = 0; round < PROBE_ROUNDS && found.size < expected; round++) {
    const links = await Promise.all(
      Array.from({ length: PROBES_PER_THREAD * expected }, () => readlink('/proc/thread-self')),
    );
    for (const link of links) {
      const m = /^(\d+)\/task\/(\d+)$/.exec(link);
      // Another pid namespace's /proc would name other numbers: take only this process's own threads.
      if (m && Number(m[1]) === process.pid && Number(m[2]) !== process.pid) found.add(Number(m[2]));
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** A thread's scheduling policy, field 41 of /proc/<pid>/task/<tid>/stat (proc(5)); undefined if unreadable. */
export function threadPolicy(threadId: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${process.pid}/task/${threadId}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces; field 3 is first.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const policy = Number(fields[41 - 3]);
    return Number.isInteger(policy) ? policy : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Puts the pool's threads under SCHED_BATCH with util-linux's `chrt` (Node.js has no call for a thread's
 * policy; an unprivileged process may choose SCHED_BATCH for its own threads, sched_setscheduler(2)), and
 * reads each thread's policy back. Never throws: where it cannot be done the outcome says why, and the
 * pool keeps the normal policy, which is correct, only slower to answer on a busy machine.
 */
export async function schedulePoolThreads(
  wanted: PoolThreadScheduling,
  deps: { platform?: NodeJS.Platform; chrt?: string } = {},
): Promise<PoolSchedulingOutcome> {
  if (wanted === 'normal') return { kind: 'normal' };
  if ((deps.platform ?? process.platform) !== 'linux')
    return { kind: 'unavailable', reason: 'SCHED_BATCH is a Linux scheduling policy' };
  const expected = poolSize();
  let threadIds: number[];
  try {
    threadIds = await findPoolThreadIds(expected);
  } catch (e) {
    return { kind: 'unavailable', reason: `the pool's threads could not be found: ${describe(e)}` };
  }
  if (threadIds.length !== expected)
    return {
      kind: 'unavailable',
      reason: `found ${threadIds.length} of libuv's ${expected} pool threads; none was changed`,
    };
  const chrt = (policy: '--batch' | '--other', tid: number) =>
    run(deps.chrt ?? 'chrt', [policy, '--pid', '0', String(tid)], { timeout: 5000 });
  const changed: number[] = [];
  for (const tid of threadIds) {
    let problem: string | undefined;
    try {
      await chrt('--batch', tid);
      changed.push(tid);
      if (threadPolicy(tid) !== SCHED_BATCH) problem = `thread ${tid} does not show SCHED_BATCH after chrt`;
    } catch (e) {
      problem = `chrt could not set SCHED_BATCH on thread ${tid}: ${describe(e)}`;
    }
    if (problem) {
      // All or none: the threads already changed go back to the normal policy.
      for (const done of changed) await chrt('--other', done).catch(() => {});
      return { kind: 'unavailable', reason: problem };
    }
  }
  return { kind: 'batch', threadIds };
}

let once: Promise<PoolSchedulingOutcome> | undefined;

/** schedulePoolThreads once per process: the pool is the process's, however many apps a test starts in it. */
export function schedulePoolThreadsOnce(wanted: PoolThreadScheduling): Promise<PoolSchedulingOutcome> {
  if (wanted === 'normal') return Promise.resolve({ kind: 'normal' });
  once ??= schedulePoolThreads(wanted);
  return once;
}

/** chrt's own words where it gave some (its standard error), else the error's first line. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if ('code' in e && e.code === 'ENOENT') return 'not installed (util-linux)';
  const said = 'stderr' in e && typeof e.stderr === 'string' ? e.stderr.trim().split('\n')[0] : '';
  return said || (e.message.split('\n')[0] ?? e.message);
}
