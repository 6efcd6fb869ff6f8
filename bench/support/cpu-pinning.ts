/**
 * BENCH_PIN=1: Passi's process on the first CPU, the school IdPs and the load client on the others
 * (docs/performance.md "Half load: Passi on a core of its own"). On a two-core machine the three processes
 * otherwise compete for the same cores, and the latency Passi adds then includes time it waited for the
 * other two. Linux only (`taskset` from util-linux); Node has no affinity API of its own.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuPinning {
  /** Pins a process, with all its threads, to Passi's CPU or to the others'. */
  pin(pid: number | undefined, to: 'passi' | 'others'): void;
  /** What the bench prints about it. */
  describe: string;
}

export function benchCpuPinning(): CpuPinning | undefined {
  if (process.env.BENCH_PIN !== '1') return undefined;
  const cpus = availableParallelism();
  if (cpus < 2) throw new Error('BENCH_PIN=1 needs at least two CPUs');
  const others = cpus === 2 ? '1' : `1-${cpus - 1}`;
  return {
    pin(pid, to) {
      if (pid === undefined) throw new Error('cannot pin a process that did not start');
      // -a: every thread of the process; threads started later inherit the affinity.
      execFileSync('taskset', ['-a', '-p', '-c', to === 'passi' ? '0' : others, String(pid)], {
        stdio: 'ignore',
      });
    },
    describe: `Passi pinned to CPU 0, school IdPs and load client to CPU ${others}`,
  };
}
