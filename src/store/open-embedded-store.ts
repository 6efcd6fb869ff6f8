import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import type { Store, StoreOptions } from './open-store.ts';
import { ping } from './ping-store.ts';

export async function openEmbedded(options: StoreOptions): Promise<Store> {
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
