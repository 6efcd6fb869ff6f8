import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import { namedStatementPool } from './named-statement-pool.ts';
import type { Store, StoreOptions } from './open-store.ts';
import { OwnSchemaPostgresDialect } from './own-schema-dialect.ts';
import { ping } from './ping-store.ts';
import { ensurePrivateDir, tightenTree } from './private-data-dir.ts';

/**
 * PGlite's own start parameters plus two (PostgreSQL documentation, 19.5.1 "Settings", and 28.5 "WAL
 * Configuration"):
 * - `wal_init_zero=off`. With it on (PostgreSQL's default), every new 16 MB WAL segment is first written
 *   full of zeros so that its space is allocated before WAL is written. PGlite runs PostgreSQL on this
 *   process's event loop, so that write stopped every request for 20–170 ms once per segment, every few
 *   thousand logins; and PGlite starts PostgreSQL with fsync off (its `-F`), so the space allocated ahead
 *   buys no durability here. Off, only the segment's last byte is written.
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

/**
 * PGlite in this process, reached by the `pg` driver through PGlite's own in-process connection
 * (`@electric-sql/pglite/node-postgres`): the wire protocol never leaves the process, so no other user
 * of the machine can connect, and `pg` parses every value exactly as it does against PostgreSQL.
 */
export async function openEmbedded(options: StoreOptions): Promise<Store> {
  if (options.inMemory) {
    return wrap(
      await PGlite.create({
        startParams: [...EMBEDDED_START_PARAMS],
        ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      }),
      () => {},
    );
  }
  const dataDir = ensurePrivateDir(options.dataDir);
  const dir = ensurePrivateDir(join(dataDir, 'pglite'), dataDir);
  const release = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(dir, { startParams: [...EMBEDDED_START_PARAMS] });
    tightenTree(dir);
    return wrap(pglite, release);
  } catch (e) {
    release();
    throw e;
  }
}

function wrap(pglite: PGlite, release: () => void): Store {
  // PGlite is a single-connection database: one client that is never closed while idle, requests queue.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 });
  pool.on('error', () => {});
  // Repeated statements are prepared once (named-statement-pool.ts): PGlite runs inside this process, so
  // parsing and planning a statement again on every login is this process's CPU.
  const db = new Kysely<Database>({
    dialect: new OwnSchemaPostgresDialect({ pool: namedStatementPool(pool) }),
  });
  return {
    db,
    kind: 'embedded',
    ping: () => ping(db),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    // The only writers are in this process, through this PGlite: its own notifications (NOTIFY from a
    // statement or a trigger) are delivered right after the statement that sent them.
    listen: async (channel, onNotify, onState) => {
      const unlisten = await pglite.listen(channel, () => onNotify());
      onState(true);
      // Stopping after the store was closed has nothing left to stop.
      return () => unlisten().catch(() => {});
    },
    close: async () => {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}
