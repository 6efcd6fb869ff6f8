import { ownCopy } from '../../src/store/state/expiring-entries.ts';

/**
 * Passi's own time per request, read from its log lines (Fastify's "request completed" with
 * `responseTime`: from the request read to the response sent), and per login for the requests that carry
 * the login's flow id. The load client's latency also holds its own delays (its event loop, the core it
 * shares with the school IdP); this is the lower bound seen from inside Passi. It misses the time a
 * request waited before Passi's event loop read it, which the event-loop delay bounds.
 */
export interface ServerSideTimes {
  /** Reads a log line; kept only between `start` and `stop`. */
  observe(line: string): void;
  /** Starts collecting, from nothing. */
  start(): void;
  /** Stops collecting and gives what was collected. */
  stop(): {
    perRequest: number[];
    /** Sums per flow id, for logins whose requests all carry it (SAML: both; OIDC: two of four). */
    perFlow: number[];
  };
}

const COMPLETED = '"msg":"request completed"';
const RESPONSE_TIME = /"responseTime":([0-9.]+)/;
const FLOW_ID = /"flowId":"([^"]+)"/;

/**
 * Collects only while asked to. The benchmark runs in Passi's own process, so what it holds is in
 * Passi's heap: its collector copies it, and its old generation grows with it.
 */
export function serverSideTimes(): ServerSideTimes {
  let collecting = false;
  let requests: number[] = [];
  let flows = new Map<string, number>();
  return {
    observe(line) {
      if (!collecting || !line.includes(COMPLETED)) return;
      const time = RESPONSE_TIME.exec(line)?.[1];
      if (time === undefined) return;
      const ms = Number(time);
      requests.push(ms);
      const flow = FLOW_ID.exec(line)?.[1];
      // V8 keeps a substring as a slice of the line it was cut from: the key gets memory of its own, or
      // every login's whole log line would stay alive as long as the key (see ownCopy).
      if (flow !== undefined) {
        const key = ownCopy(flow);
        flows.set(key, (flows.get(key) ?? 0) + ms);
      }
    },
    start() {
      collecting = true;
      requests = [];
      flows = new Map();
    },
    stop() {
      collecting = false;
      const times = { perRequest: requests, perFlow: [...flows.values()] };
      requests = [];
      flows = new Map();
      return times;
    },
  };
}
