/**
 * The CPU the PostgreSQL server spends for one application's connections: the server runs one backend
 * process per connection, found in pg_stat_activity by the connections' `application_name`, and each
 * backend's user + system CPU is read from /proc/<pid>/stat (proc(5): fields 14 and 15, in clock ticks).
 * Works when the server runs on this machine in the same PID namespace (the benchmark's loopback server);
 * otherwise `available` is false and nothing is reported.
 *
 * Backends come and go with the pool, so the meter polls: a backend seen first during the measurement is
 * counted from zero, one that ends between two polls loses at most its last interval's CPU.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux reports /proc CPU in USER_HZ ticks, 100 per second on every common architecture (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

/** User + system CPU ms of a process so far, or undefined when it is gone or unreadable. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

export interface BackendCpuMeter {
  /** False when no backend of the application could be read in /proc (a remote or containerised server). */
  readonly available: boolean;
  /** Starts a measurement: the backends' CPU from now on. */
  start(): Promise<void>;
  /** Ends the measurement: CPU ms the application's backends spent since `start`. */
  stop(): Promise<number>;
  close(): Promise<void>;
}

export async function createBackendCpuMeter(options: {
  connectionString: string;
  applicationName: string;
  pollMs?: number;
}): Promise<BackendCpuMeter> {
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  await client.query(`SET application_name = 'passi-bench-cpu-meter'`);
  const backends = async (): Promise<number[]> => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [options.applicationName],
    );
    return rows.map((r) => r.pid);
  };
  const readable = (await backends()).some((pid) => processCpuMs(pid) !== undefined);

  let atStart = new Map<number, number>();
  let lastSeen = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    for (const pid of await backends()) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) lastSeen.set(pid, ms);
    }
  };

  return {
    available: readable,
    async start() {
      lastSeen = new Map();
      await poll();
      atStart = new Map(lastSeen);
      timer = setInterval(() => {
        polling = polling.then(poll).catch(() => {});
      }, options.pollMs ?? 200);
    },
    async stop() {
      clearInterval(timer);
      await polling;
      await poll();
      let total = 0;
      for (const [pid, ms] of lastSeen) total += ms - (atStart.get(pid) ?? 0);
      return total;
    },
    async close() {
      clearInterval(timer);
      await polling;
      await client.end();
    },
  };
}
