import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgres } from '../../test/support/describe-each-store.ts';
import { openStore, type Store } from './open-store.ts';
import { isStoreUnavailable } from './store-unavailable.ts';
import { createTestDb, TEST_POSTGRES_URL, type TestDb } from './testing/test-db.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeOnPostgres('PostgreSQL store when the database misbehaves', () => {
  let t: TestDb;
  let store: Store;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const watch = (e: unknown) => uncaught.push(e);

  beforeAll(async () => {
    t = await createTestDb('postgresql');
    store = await openStore({ databaseUrl: t.url, dataDir: '', postgres: { statementTimeoutMs: 300 } });
    admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    process.on('uncaughtException', watch);
  });
  afterAll(async () => {
    process.off('uncaughtException', watch);
    await admin?.end();
    await store?.close();
    await t?.close();
  });

  it('a connection terminated while a request holds it fails that request, not the process', async () => {
    const failed = await store.db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Terminated between two statements: pg reports it as an 'error' event on the checked-out client.
        await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
        await sleep(300);
        await sql`select 1`.execute(trx);
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isStoreUnavailable(failed)).toBe(true);
    await sleep(100);
    expect(uncaught).toEqual([]);
    // The pool replaced the dead connection.
    expect(await store.ping()).toBe(true);
  });

  it('a query longer than the statement timeout is cancelled by the server and counts as an outage', async () => {
    const start = Date.now();
    const failed = await sql`select pg_sleep(3)`.execute(store.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - start).toBeLessThan(2000);
    expect(Reflect.get(Object(failed), 'code')).toBe('57014');
    expect(isStoreUnavailable(failed)).toBe(true);
    expect(await store.ping()).toBe(true);
  });
});
