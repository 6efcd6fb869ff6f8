import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import type { Database } from './database.ts';
import type { Store } from './open-store.ts';
import { ping } from './ping-store.ts';

export async function openPostgres(url: string, poolSize: number): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client's error must not crash the process (e.g. the server restarts).
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => {});
    throw new PassiError(
      ErrorCodes.STORE_UNREACHABLE,
      `PostgreSQL is not reachable at ${redactUrl(url)}: ${describe(cause)}`,
      {
        status: 503,
        cause,
      },
    );
  }
  const dumpDataDir = () => Promise.reject(new Error('only the embedded store can be dumped'));
  return {
    db,
    kind: 'postgresql',
    ping: () => ping(db),
    close: () => db.destroy(),
    dumpDataDir,
    listen: (channel, onNotify, onState) => listenPostgres(url, channel, onNotify, onState),
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

/** A dedicated connection that LISTENs, reconnecting with backoff; channel names are identifiers we own. */
async function listenPostgres(
  url: string,
  channel: string,
  onNotify: () => void,
  onState: (listening: boolean) => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (delay: number): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    const lost = () => {
      onState(false);
      c.removeAllListeners();
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect(Math.min(delay * 2, 30_000)), delay);
    };
    c.on('error', lost);
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      client = c;
      onState(true);
      // A change may have happened while not listening: let the caller re-check once.
      onNotify();
    } catch {
      lost();
    }
  };
  await connect(1000);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    onState(false);
    await client?.end().catch(() => {});
  };
}
