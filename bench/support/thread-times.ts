import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadTimes {
  /** Time the main thread (the event loop) ran on a CPU, in ms. */
  mainCpuMs: number;
  /** Time the main thread was ready to run but waited for a CPU the kernel had given to another task, in ms. */
  mainRunQueueMs: number;
  /** Time every other thread of this process ran: V8's compiler and collector helpers, libuv's pool. */
  otherCpuMs: number;
}

interface Sample {
  main: { cpuNs: number; waitNs: number };
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
  for (const tid of readdirSync('/proc/self/task')) {
    if (tid === String(process.pid)) continue;
    const times = read(tid);
    if (times) others.set(tid, times.cpuNs);
  }
  return { main, others };
}

function read(tid: string): { cpuNs: number; waitNs: number } | undefined {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ');
    return { cpuNs: Number(cpu), waitNs: Number(wait) };
  } catch {
    return undefined;
  }
}
