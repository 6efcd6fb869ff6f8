import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { openStore, type Store } from '../open-store.ts';
import { migratedTemplate } from './pglite-template.ts';

export type TestStoreKind = 'embedded' | 'postgresql';

/** Where the PostgreSQL test server is (CI machines run one at 127.0.0.1:5432, trust auth, database `test`). */
export const TEST_POSTGRES_URL =
  process.env.PASSI_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

let postgresAvailable: Promise<boolean> | undefined;

/** Whether PostgreSQL is reachable; suites use it to skip with a visible reason. */
export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresAvailable;
}

export const POSTGRES_SKIP_REASON = `PostgreSQL not reachable at ${TEST_POSTGRES_URL}: PostgreSQL-backed tests SKIPPED (set PASSI_TEST_DATABASE_URL or start PostgreSQL to run them)`;

export interface TestDb {
  db: Db;
  store: Store;
  /** Connection URL of the isolated schema (PostgreSQL only), for a second process. */
  url?: string;
  close(): Promise<void>;
}

/**
 * A migrated store for one test file. PostgreSQL tests get their own schema (via search_path) so suites
 * running in parallel never see each other's rows.
 */
export async function createTestDb(kind: TestStoreKind = 'embedded'): Promise<TestDb> {
  if (kind === 'embedded') {
    const store = await openStore({ dataDir: '', inMemory: true, loadDataDir: await migratedTemplate() });
    await migrateToLatest(store.db);
    return { db: store.db, store, close: () => store.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = withSearchPath(TEST_POSTGRES_URL, schema);
  const store = await openStore({ databaseUrl: url, dataDir: '' });
  await migrateToLatest(store.db);
  return {
    db: store.db,
    store,
    url,
    close: async () => {
      await store.close();
      const drop = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await drop.connect();
      await drop.query(`drop schema ${schema} cascade`);
      await drop.end();
    },
  };
}

export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
