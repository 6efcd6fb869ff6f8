import { readdirSync, readFileSync } from 'node:fs';
import { PGLITE_THREAD_NAME } from '../../src/store/pglite-worker/worker-messages.ts';

export interface ThreadTimes {
  /** Time the main thread (the event loop) ran on a CPU, in ms. */
  mainCpuMs: number;
  /** Time the main thread was ready to run but waited for a CPU the kernel had given to another task, in ms. */
  mainRunQueueMs: number;
  /** Time every other thread of this process ran: V8's compiler and collector helpers, libuv's pool. */
  otherCpuMs: number;
  /** Time the embedded store's PGlite thread ran (src/store/pglite-worker/); 0 on PostgreSQL. */
  pgliteCpuMs: number;
}

interface Sample {
  main: { cpuNs: number; waitNs: number };
  pgliteNs: number;
  /** CPU ns per thread id; a thread that ended between two samples is no longer counted. */
  others: Map<string, number>;
}

/**
 * Where Passi's CPU goes by thread, and how long its event loop waited for a CPU, from the kernel's
 * per-thread scheduler statistics (`/proc/<pid>/task/<tid>/schedstat`: nanoseconds on a CPU, then
 * nanoseconds runnable on a run queue; Linux Documentation/scheduler/sched-stats.rst). The event loop's
 * busy time counts wall time, so on a machine whose cores are shared it also holds the run-queue wait;
 * this shows the two apart. Undefined where the file is not readable (not Linux, or no schedstats).
 */
export function meterThreadTimes(): { take(): ThreadTimes } | undefined {
  const first = sample();
  if (!first) return undefined;
  let last = first;
  return {
    take() {
      const now = sample() ?? last;
      let otherNs = 0;
      for (const [tid, ns] of now.others) otherNs += ns - (last.others.get(tid) ?? 0);
      const taken: ThreadTimes = {
        mainCpuMs: (now.main.cpuNs - last.main.cpuNs) / 1e6,
        mainRunQueueMs: (now.main.waitNs - last.main.waitNs) / 1e6,
        otherCpuMs: otherNs / 1e6,
        pgliteCpuMs: (now.pgliteNs - last.pgliteNs) / 1e6,
      };
      last = now;
      return taken;
    },
  };
}

/**
 * The main thread's own CPU so far, in ms, or undefined where schedstat is not readable. Unlike
 * process.cpuUsage() it leaves out V8's helpers and libuv's pool, which may still be at work after a run.
 */
export function mainThreadCpuMs(): number | undefined {
  const main = read(String(process.pid));
  return main ? main.cpuNs / 1e6 : undefined;
}

function sample(): Sample | undefined {
  const main = read(String(process.pid));
  if (!main) return undefined;
  const others = new Map<string, number>();
  const pglite = new Set(threadsNamed(PGLITE_THREAD_NAME));
  let pgliteNs = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    if (tid === String(process.pid)) continue;
    const times = read(tid);
    if (times && pglite.has(tid)) pgliteNs += times.cpuNs;
    else if (times) others.set(tid, times.cpuNs);
  }
  return { main, others, pgliteNs };
}

function read(tid: string): { cpuNs: number; waitNs: number } | undefined {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ');
    return { cpuNs: Number(cpu), waitNs: Number(wait) };
  } catch {
    return undefined;
  }
}

/** The kernel's ids of this process's threads named `name` (proc(5): /proc/<pid>/task/<tid>/comm). */
export function threadsNamed(name: string): string[] {
  const found: string[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === name) found.push(tid);
    } catch {
      // the thread ended while we looked
    }
  }
  return found;
}

/** A thread's time on a CPU so far, in ns; 0 where it is not readable (ended, or not Linux). */
export function threadCpuNs(tid: string): number {
  return read(tid)?.cpuNs ?? 0;
}
