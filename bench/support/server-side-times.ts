/**
 * Passi's own time per request, read from its log lines (Fastify's "request completed" with
 * `responseTime`: from the request read to the response sent), and per login for the requests that carry
 * the login's flow id. The load client's latency also holds its own delays (its event loop, the core it
 * shares with the school IdP); this is the lower bound seen from inside Passi. It misses the time a
 * request waited before Passi's event loop read it, which the event-loop delay bounds.
 */
export interface ServerSideTimes {
  observe(line: string): void;
  reset(): void;
  perRequest(): number[];
  /** Sums per flow id, for logins whose requests all carry it (SAML: both; OIDC: two of four). */
  perFlow(): number[];
}

const COMPLETED = '"msg":"request completed"';
const RESPONSE_TIME = /"responseTime":([0-9.]+)/;
const FLOW_ID = /"flowId":"([^"]+)"/;

export function serverSideTimes(): ServerSideTimes {
  let requests: number[] = [];
  let flows = new Map<string, number>();
  return {
    observe(line) {
      if (!line.includes(COMPLETED)) return;
      const time = RESPONSE_TIME.exec(line)?.[1];
      if (time === undefined) return;
      const ms = Number(time);
      requests.push(ms);
      const flow = FLOW_ID.exec(line)?.[1];
      if (flow !== undefined) flows.set(flow, (flows.get(flow) ?? 0) + ms);
    },
    reset() {
      requests = [];
      flows = new Map();
    },
    perRequest: () => [...requests],
    perFlow: () => [...flows.values()],
  };
}
