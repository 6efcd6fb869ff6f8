/**
 * What waiting in line alone costs a login at a given load (docs/performance.md "Half load: what queueing
 * alone costs"): one thread serving a login's requests one at a time, each taking an equal share of the
 * login's CPU, logins arriving at random (a Poisson process) at the benchmark's rate, nothing else on the
 * machine. The benchmark prints it next to the latency it measured, so the part of the tail that comes
 * from the CPU cost itself is told apart from stalls and from the other processes on the same cores.
 */
import { seededRandom } from '../../src/core/testing/seeded-random.ts';
import { poissonArrivalOffsets } from './poisson-arrivals.ts';

export interface QueueModelInput {
  /** Passi's CPU per login, in ms: the work the thread does for one login. */
  cpuMsPerLogin: number;
  /** Requests one login makes to Passi (SAML: SSO and ACS; OIDC: five). */
  requestsPerLogin: number;
  loginsPerSecond: number;
  /** Time between Passi's answer and the browser's next request (school, service), in ms. */
  hopMs: number;
  /** Logins simulated (default 100,000). */
  logins?: number;
  /** Seed of the arrivals: the same input gives the same answer. */
  seed?: number;
}

export interface QueueModelResult {
  /** Time each login spends at Passi (waiting + served), over all its requests, in ms. */
  p50: number;
  p99: number;
  mean: number;
  /** Share of the thread's time busy: rate × CPU per login. */
  utilisation: number;
}

interface Arrival {
  at: number;
  login: number;
  step: number;
}

/** A binary min-heap of arrivals by time. */
function arrivalsHeap() {
  const heap: Arrival[] = [];
  const less = (i: number, j: number) => (heap[i] as Arrival).at < (heap[j] as Arrival).at;
  const swap = (i: number, j: number) => {
    const t = heap[i] as Arrival;
    heap[i] = heap[j] as Arrival;
    heap[j] = t;
  };
  return {
    get size() {
      return heap.length;
    },
    push(a: Arrival) {
      heap.push(a);
      for (let k = heap.length - 1; k > 0; ) {
        const p = (k - 1) >> 1;
        if (!less(k, p)) break;
        swap(k, p);
        k = p;
      }
    },
    pop(): Arrival {
      const top = heap[0] as Arrival;
      const last = heap.pop() as Arrival;
      if (heap.length > 0) {
        heap[0] = last;
        for (let k = 0; ; ) {
          const l = 2 * k + 1;
          const r = l + 1;
          let m = k;
          if (l < heap.length && less(l, m)) m = l;
          if (r < heap.length && less(r, m)) m = r;
          if (m === k) break;
          swap(k, m);
          k = m;
        }
      }
      return top;
    },
  };
}

export function simulateQueue(input: QueueModelInput): QueueModelResult {
  const logins = input.logins ?? 100_000;
  const random = seededRandom(input.seed ?? 1);
  const perRequest = input.cpuMsPerLogin / input.requestsPerLogin;
  const queue = arrivalsHeap();
  for (const [login, at] of poissonArrivalOffsets(logins, input.loginsPerSecond, random).entries()) {
    queue.push({ at, login, step: 0 });
  }
  const atPassi = new Float64Array(logins);
  let freeAt = 0;
  while (queue.size > 0) {
    const a = queue.pop();
    const done = Math.max(freeAt, a.at) + perRequest;
    freeAt = done;
    atPassi[a.login] = (atPassi[a.login] ?? 0) + (done - a.at);
    if (a.step + 1 < input.requestsPerLogin)
      queue.push({ at: done + input.hopMs, login: a.login, step: a.step + 1 });
  }
  const sorted = Array.from(atPassi).sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    p50: at(0.5),
    p99: at(0.99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    utilisation: (input.loginsPerSecond * input.cpuMsPerLogin) / 1000,
  };
}

/**
 * The largest CPU per login at which this model's p99 stays below `p99GoalMs` at the given utilisation
 * (half load: 0.5), to within 1 %: what a login may cost for the latency goal to be reachable at all.
 */
export function cpuForP99(input: {
  p99GoalMs: number;
  requestsPerLogin: number;
  utilisation: number;
  hopMs: number;
}): number {
  let low = 0.01;
  let high = input.p99GoalMs;
  while (high - low > low * 0.01) {
    const cpu = (low + high) / 2;
    const { p99 } = simulateQueue({
      cpuMsPerLogin: cpu,
      requestsPerLogin: input.requestsPerLogin,
      loginsPerSecond: (input.utilisation * 1000) / cpu,
      hopMs: input.hopMs,
      logins: 20_000,
    });
    if (p99 < input.p99GoalMs) low = cpu;
    else high = cpu;
  }
  return low;
}
