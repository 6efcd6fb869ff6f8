import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import { namedStatementPool } from './named-statement-pool.ts';
import type { Store, StoreOptions } from './open-store.ts';
import { OwnSchemaPostgresDialect } from './own-schema-dialect.ts';
import { pgliteInThisThread, pglitePgConfig } from './pglite-pg-connection.ts';
import { openPGliteInWorker } from './pglite-worker/pglite-in-worker.ts';
import { ping } from './ping-store.ts';
import { ensurePrivateDir, tightenTree } from './private-data-dir.ts';

/**
 * PGlite's own start parameters plus two (PostgreSQL documentation, 19.5.1 "Settings", and 28.5 "WAL
 * Configuration"):
 * - `wal_init_zero=off`. With it on (PostgreSQL's default), every new 16 MB WAL segment is first written
 *   full of zeros so that its space is allocated before WAL is written. When PGlite ran on the event
 *   loop, that write stopped every request for 20–170 ms once per segment, every few thousand logins; on
 *   its own thread it still holds every statement that long. PGlite starts PostgreSQL with fsync off (its
 *   `-F`), so the space allocated ahead buys no durability here. Off, only the segment's last byte is
 *   written.
 * - `max_wal_size=128MB`. In single-user mode it asks for no checkpoint (the store's upkeep does,
 *   checkpoint-where-due.ts); it caps the segments a checkpoint keeps for reuse, which PostgreSQL
 *   otherwise sizes by its recent checkpoints up to its default of 1 GB.
 *
 * Measured in docs/performance.md "WAL segments and dead rows on the embedded store".
 */
export const EMBEDDED_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  '-c',
  'wal_init_zero=off',
  '-c',
  'max_wal_size=128MB',
];

/** What the store needs of a PGlite, in this process (tests' in-memory stores) or in a worker thread. */
interface Engine {
  pgConfig: ReturnType<typeof pglitePgConfig>;
  onNotification(listener: (channel: string) => void): () => void;
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
  stopped?: Promise<Error>;
}

/** Channels are fixed names in the code; anything else would be SQL text, so it is refused. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The embedded store, reached by the `pg` driver through a connection to PGlite in place of a socket
 * (pglite-pg-connection.ts): the wire protocol never leaves the process, so no other user
 * of the machine can connect, and `pg` parses every value exactly as it does against PostgreSQL.
 * On a data folder PGlite runs in a worker thread (pglite-worker/), so its work and its upkeep's stops
 * (a vacuum, a checkpoint) are off the event loop; the in-memory store of the tests runs in this thread.
 */
export async function openEmbedded(options: StoreOptions): Promise<Store> {
  if (options.inMemory) {
    const pglite = await PGlite.create({
      startParams: [...EMBEDDED_START_PARAMS],
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const engine: Engine = {
      pgConfig: pglitePgConfig(pgliteInThisThread(pglite)),
      onNotification: (listener) => pglite.onNotification((channel) => listener(channel)),
      dumpDataDir: () => pglite.dumpDataDir('none'),
      close: () => pglite.close(),
    };
    return wrap(engine, () => {}, options);
  }
  const dataDir = ensurePrivateDir(options.dataDir);
  const dir = ensurePrivateDir(join(dataDir, 'pglite'), dataDir);
  const release = lockDataDir(dataDir);
  try {
    const pglite = await openPGliteInWorker({ dataDir: dir, startParams: [...EMBEDDED_START_PARAMS] });
    tightenTree(dir);
    const engine: Engine = {
      pgConfig: pglitePgConfig(pglite),
      onNotification: (listener) => pglite.onNotification(listener),
      dumpDataDir: () => pglite.dumpDataDir(),
      close: () => pglite.close(),
      stopped: pglite.stopped,
    };
    return wrap(engine, release, options);
  } catch (e) {
    release();
    throw e;
  }
}

function wrap(engine: Engine, release: () => void, options: StoreOptions): Store {
  // PGlite is a single-connection database: one client that is never closed while idle, requests queue.
  const pool = new pg.Pool({ ...engine.pgConfig, max: 1, idleTimeoutMillis: 0 });
  pool.on('error', () => {});
  // A client in use also emits the error its query fails with (pg's Client); the query reports it, and a
  // store that stopped reports itself through `stopped`. Unheard, the event would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  // Repeated statements are prepared once (named-statement-pool.ts): PGlite runs inside this process, so
  // parsing and planning a statement again on every login is this process's CPU (on its own thread or not).
  const db = new Kysely<Database>({
    dialect: new OwnSchemaPostgresDialect({ pool: namedStatementPool(pool) }),
  });
  if (engine.stopped && options.onEmbeddedStopped) void engine.stopped.then(options.onEmbeddedStopped);
  return {
    db,
    kind: 'embedded',
    ping: () => ping(db),
    dumpDataDir: () => engine.dumpDataDir(),
    // The only writers are in this process, through this PGlite: its own notifications (NOTIFY from a
    // statement or a trigger) are delivered right after the statement that sent them.
    listen: async (channel, onNotify, onState) => {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
      const off = engine.onNotification((from) => {
        if (from === channel) onNotify();
      });
      try {
        await pool.query(`LISTEN ${channel}`);
      } catch (e) {
        off();
        throw e;
      }
      onState(true);
      return async () => {
        off();
        // Stopping after the store was closed has nothing left to stop.
        await pool.query(`UNLISTEN ${channel}`).catch(() => {});
      };
    },
    close: async () => {
      try {
        await db.destroy();
        await engine.close();
      } finally {
        release();
      }
    },
  };
}
