import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Database } from './database.ts';
import { listenPostgres } from './listen-postgres.ts';
import { namedStatementPool } from './named-statement-pool.ts';
import type { Store } from './open-store.ts';
import { OwnSchemaPostgresDialect } from './own-schema-dialect.ts';
import { ping } from './ping-store.ts';
import { timeoutReleasingPool } from './timeout-releasing-pool.ts';

/** How the PostgreSQL store bounds waiting on a slow, stalled or lost database (configuration.md). */
export interface PostgresTuning {
  poolSize: number;
  /** Server-side `statement_timeout`; the node gives up on an answer one second later. */
  statementTimeoutMs: number;
  /** A new connection, or a free one from the pool. */
  connectTimeoutMs: number;
  /** How often the change-notification connection is proven alive. */
  listenCheckMs: number;
  /**
   * Repeated parameterised statements as named prepared statements (named-statement-pool.ts): off behind
   * a pooler in transaction mode that does not keep them (docs/operations.md "PostgreSQL behind a pooler").
   */
  preparedStatements: boolean;
  /** A connection was lost or failed (the store recovers by itself; this is for the log). */
  onConnectionError?: (error: Error, where: 'pool' | 'listener') => void;
}

export const DEFAULT_POSTGRES_TUNING: PostgresTuning = {
  poolSize: 10,
  statementTimeoutMs: 10_000,
  connectTimeoutMs: 5000,
  listenCheckMs: 5000,
  preparedStatements: true,
};

/** TCP keepalive: a connection a firewall dropped silently is noticed by the kernel, not never. */
const KEEPALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

export async function openPostgres(url: string, tuning: PostgresTuning): Promise<Store> {
  const report = tuning.onConnectionError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: tuning.poolSize,
    connectionTimeoutMillis: tuning.connectTimeoutMs,
    statement_timeout: tuning.statementTimeoutMs,
    query_timeout: tuning.statementTimeoutMs + 1000,
    ...KEEPALIVE,
  });
  // pg emits 'error' on a client whose connection is lost (server restart, pg_terminate_backend, TCP
  // reset). The pool listens only while the client is idle; a client checked out by a request had no
  // listener, and an unhandled 'error' event ends the process. Every client gets one for its lifetime:
  // the request's query fails (and becomes a 503), the pool drops the dead client and opens a new one.
  pool.on('connect', (client) => {
    client.on('error', (e) => report(e, 'pool'));
  });
  // pg-pool re-emits an idle client's error on the pool (already reported by the listener above); without
  // a listener that 'error' event would end the process too.
  pool.on('error', () => {});
  const db = new Kysely<Database>({
    dialect: new OwnSchemaPostgresDialect({
      pool: timeoutReleasingPool(tuning.preparedStatements ? namedStatementPool(pool) : pool),
    }),
  });
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => {});
    fail(
      ErrorCodes.STORE_UNREACHABLE,
      `PostgreSQL is not reachable at ${redactUrl(url)}: ${describe(cause)}`,
      {
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
    listen: (channel, onNotify, onState) =>
      listenPostgres(
        {
          url,
          connectTimeoutMs: tuning.connectTimeoutMs,
          checkEveryMs: tuning.listenCheckMs,
          onError: (e) => report(e, 'listener'),
        },
        channel,
        onNotify,
        onState,
      ),
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
