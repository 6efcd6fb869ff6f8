import pg from 'pg';
import { retryDelayMs } from './retry-delay.ts';

export interface ListenOptions {
  url: string;
  connectTimeoutMs: number;
  /** How often the connection must answer a trivial query to count as alive. */
  checkEveryMs: number;
  onError: (error: Error) => void;
}

/**
 * A dedicated connection that LISTENs (PostgreSQL: LISTEN/NOTIFY), reconnecting with backoff. A firewall
 * may drop an idle connection without a word: then no error ever arrives and notifications just stop.
 * So the connection uses TCP keepalive and must answer `select 1` every `checkEveryMs`; one that does
 * not is replaced. While it is down, `onState(false)` tells the caller not to trust its caches.
 * Channel names are identifiers we own.
 */
export async function listenPostgres(
  options: ListenOptions,
  channel: string,
  onNotify: () => void,
  onState: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let check: NodeJS.Timeout | undefined;
  let failures = 0;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs,
      // A liveness query without an answer in this time means the connection is gone.
      query_timeout: options.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let lostOnce = false;
    const lost = (e?: unknown) => {
      if (lostOnce) return;
      lostOnce = true;
      // Reported when the connection is lost, not for every failed attempt to get it back.
      if (e instanceof Error && !stopped && failures === 0) options.onError(e);
      if (check) clearInterval(check);
      check = undefined;
      if (client === c) client = undefined;
      onState(false);
      c.removeAllListeners();
      // The connection may be stalled rather than closed: a late 'error' must not go unhandled.
      c.on('error', () => {});
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect(), retryDelayMs(failures++));
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (stopped) {
        await c.end().catch(() => {});
        return;
      }
      client = c;
      failures = 0;
      check = setInterval(() => {
        c.query('select 1').catch(lost);
      }, options.checkEveryMs);
      check.unref();
      onState(true);
      // A change may have happened while not listening: let the caller re-check once.
      onNotify();
    } catch (e) {
      lost(e);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    if (check) clearInterval(check);
    onState(false);
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
  };
}
