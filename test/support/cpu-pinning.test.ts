import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { benchCpuPinning } from '../../bench/support/cpu-pinning.ts';

const canPin =
  process.platform === 'linux' &&
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-p', String(process.pid)]).status === 0;
const allowedCpus = (pid: number) =>
  /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

/** The proxied-login benchmark's BENCH_PIN=1 (docs/performance.md, "Where the rest of the measured tail is"). */
describe('CPU pinning for the benchmark', () => {
  const saved = process.env.BENCH_PIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.BENCH_PIN;
    else process.env.BENCH_PIN = saved;
  });

  it('is off unless BENCH_PIN=1', () => {
    delete process.env.BENCH_PIN;
    expect(benchCpuPinning()).toBeUndefined();
  });

  it.skipIf(!canPin)(
    'pins a process to the CPUs other than Passi’s (needs Linux, taskset and two CPUs)',
    async () => {
      process.env.BENCH_PIN = '1';
      const pinning = benchCpuPinning();
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
      try {
        pinning?.pin(child.pid, 'others');
        const cpus = availableParallelism();
        expect(allowedCpus(child.pid ?? 0)).toBe(cpus === 2 ? '1' : `1-${cpus - 1}`);
      } finally {
        child.kill();
      }
    },
  );
});
