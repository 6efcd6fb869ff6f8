/** The benchmark's child processes (school IdPs, load client), their answers, and the optional profiles. */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import type { Exchange } from './proxied-login-client.ts';

export function lineReader(child: ChildProcess): () => Promise<string> {
  if (!child.stdout) throw new Error('child without stdout');
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  return () => {
    const line = queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before answering`)));
    });
  };
}

export interface ClientResult {
  latencies: number[];
  /** Per login, the time spent waiting for the school IdP's login page. */
  schoolMs: number[];
  /**
   * Per login, the time spent waiting for Passi: its answers, each from the request's first byte sent to the
   * answer's last byte read, summed (proxied-login-client.ts).
   */
  passiLatencies: number[];
  /** Per login, each of Passi's answers timed as in `passiLatencies`, in the order the login sent them. */
  passiSteps: number[][];
  /** Per login, when it started (closed loop) or was due (open loop), in ms from the run's start. */
  startedAt: number[];
  /** The run's start in ms since the epoch (`startedAt` is counted from it). */
  startEpochMs: number;
  /** The load client's own collector pauses of 2 ms or more: [start in ms since the epoch, duration]. */
  clientGcPauses: [number, number][];
  failures: number;
  /** The first few failed logins' errors, as the load client caught them. */
  failureReasons: string[];
  /**
   * Requests sent again on a new connection because the server had closed their kept-alive one just
   * then, as a browser sends them again (kept-alive-request.ts), and the first few of them named.
   */
  connectionRetries: number;
  connectionRetryExamples: string[];
  elapsedMs: number;
  /** The load client's own CPU for these logins (it shares the machine with Passi and the school IdPs). */
  cpuMs: number;
  /** The first login's exchanges with Passi (for the HTTP floor, http-floor.ts). */
  exchanges?: Exchange[];
}

/** Runs the load client; `onSpawn` sees its process id before it sends anything (e.g. to pin it to CPUs). */
export function runClient(
  args: string[],
  onSpawn?: (pid: number | undefined) => void,
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/run-ts.js', 'bench/support/proxied-login-client.ts', ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    onSpawn?.(child.pid);
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ClientResult)
        : reject(new Error(`load client exit ${code}`)),
    );
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A profile of this process through the inspector: `stop` writes it to a file and ends the session. */
async function inspectorProfile(
  start: (session: Session) => Promise<void>,
  take: (session: Session) => Promise<object>,
) {
  const session = new Session();
  session.connect();
  await start(session);
  return {
    async stop(file: string) {
      writeFileSync(file, JSON.stringify(await take(session)));
      session.disconnect();
    },
  };
}

/** BENCH_PROFILE=path: a CPU profile of the server during the measured load only. */
export function startProfiler() {
  return inspectorProfile(
    async (session) => {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async (session) => (await session.post('Profiler.stop')).profile,
  );
}

/**
 * V8's sampling heap profiler on this process: one sample per KB allocated, the objects the collector has
 * already freed counted too, so `stop` writes what the run allocated (a `.heapprofile`, which Chrome's
 * DevTools open), not what it kept. With `kept`, only what is still reachable after a full collection at
 * the end: what the run's logins left behind (sessions, tokens, single-use ids, caches).
 */
export function startHeapProfiler(kept = false) {
  return inspectorProfile(
    async (session) => {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: !kept,
        includeObjectsCollectedByMinorGC: !kept,
      });
    },
    async (session) => {
      // What the run kept: a full collection first, so only objects still reachable stay sampled.
      if (kept) await session.post('HeapProfiler.collectGarbage');
      return (await session.post('HeapProfiler.stopSampling')).profile;
    },
  );
}

/**
 * Starts stall-canary-process.ts; `stop` returns its late wake-ups ([start in ms since the epoch, ms
 * late]): the times no CPU was to be had on the machine for any process.
 */
export async function startStallCanary(): Promise<{ stop(): Promise<[number, number][]> }> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/support/stall-canary-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const next = lineReader(child);
  if ((await next()) !== 'ready') throw new Error('the stall canary did not start');
  return {
    async stop() {
      child.stdin?.end();
      return JSON.parse(await next()) as [number, number][];
    },
  };
}
