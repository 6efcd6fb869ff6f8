import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import type { Database, Db } from './database.ts';

export interface StoreOptions {
  /** PostgreSQL URL; when absent the embedded PGlite store in `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** Embedded store kept in memory only (tests). */
  inMemory?: boolean;
  /** Start the in-memory embedded store from this data-dir dump (tests: a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export interface Store {
  db: Db;
  kind: 'postgresql' | 'embedded';
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** Embedded store only: a dump of the data dir (tests build a migrated template from it). */
  dumpDataDir(): Promise<Blob>;
  /**
   * Notifications from other processes on `channel` (PostgreSQL LISTEN). `onState(true)` once listening,
   * `onState(false)` while the connection is down (the caller must then not trust its caches). The
   * embedded store has no other processes, so it reports listening at once and never notifies.
   */
  listen(
    channel: string,
    onNotify: () => void,
    onState: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
}

/**
 * Opens the store. Both modes use Kysely's PostgresDialect over `pg`, so one SQL dialect and one set of
 * migrations serve both (stack-and-security.md §1.1): the embedded mode serves PGlite over the PostgreSQL
 * wire protocol on a loopback port with @electric-sql/pglite-socket.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openEmbedded(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Store> {
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

async function openEmbedded(options: StoreOptions): Promise<Store> {
  let pglite: PGlite;
  if (options.inMemory) {
    pglite = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  } else {
    const dir = resolve(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create(join(dir));
  }
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const address = server.getServerConn();
  // PGlite is a single-connection database: one pooled client, requests queue in the pool.
  const pool = new pg.Pool({ connectionString: `postgresql://postgres@${address}/postgres`, max: 1 });
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'embedded',
    ping: () => ping(db),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    listen: async (_channel, _onNotify, onState) => {
      onState(true);
      return async () => {};
    },
    close: async () => {
      await db.destroy();
      await server.stop();
      await pglite.close();
    },
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
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
