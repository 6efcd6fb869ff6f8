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
    throw new PassiError(ErrorCodes.STORE_UNREACHABLE, `PostgreSQL is not reachable at ${redactUrl(url)}: ${describe(cause)}`, {
      status: 503,
      cause,
    });
  }
  const dumpDataDir = () => Promise.reject(new Error('only the embedded store can be dumped'));
  return { db, kind: 'postgresql', ping: () => ping(db), close: () => db.destroy(), dumpDataDir };
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
