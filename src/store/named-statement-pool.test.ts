import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOnPostgres } from '../../test/support/describe-each-store.ts';
import { namedStatementPool } from './named-statement-pool.ts';
import { openStore, type Store } from './open-store.ts';
import { pgliteInThisThread, pglitePgConfig } from './pglite-pg-connection.ts';
import { createTestDb } from './testing/test-db.ts';

interface Tables {
  item: { id: number; label: string };
}

/** The connection's prepared statements, as the database itself lists them. */
async function prepared(db: Kysely<Tables> | Store['db']): Promise<string[]> {
  const r = await sql<{
    statement: string;
  }>`select statement from pg_prepared_statements order by name`.execute(db);
  return r.rows.map((row) => row.statement);
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function namingDb(maxNamed?: number): Promise<Kysely<Tables>> {
  const pglite = await PGlite.create();
  const pool = new pg.Pool({ ...pglitePgConfig(pgliteInThisThread(pglite)), max: 1, idleTimeoutMillis: 0 });
  const db = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool: namedStatementPool(pool, maxNamed) }),
  });
  open.push({
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  });
  await sql`create table item (id int primary key, label text not null)`.execute(db);
  await db.insertInto('item').values({ id: 1, label: 'one' }).execute();
  return db;
}

const byId = (db: Kysely<Tables>, id: number) => db.selectFrom('item').selectAll().where('id', '=', id);

describe('named statements on the embedded store', () => {
  it('prepares a parameterised text on its second use and answers the same from then on', async () => {
    const db = await namingDb();
    const text = byId(db, 1).compile().sql;
    expect(await byId(db, 1).execute()).toEqual([{ id: 1, label: 'one' }]);
    expect(await prepared(db)).not.toContain(text);
    expect(await byId(db, 1).execute()).toEqual([{ id: 1, label: 'one' }]);
    expect(await prepared(db)).toContain(text);
    // Other values through the same prepared statement.
    await db.insertInto('item').values({ id: 2, label: 'two' }).execute();
    expect(await byId(db, 2).execute()).toEqual([{ id: 2, label: 'two' }]);
    expect(await byId(db, 3).execute()).toEqual([]);
    expect((await prepared(db)).filter((s) => s === text)).toHaveLength(1);
  });

  it('never names a statement without parameters (transaction control, DDL, SET)', async () => {
    const db = await namingDb();
    for (let i = 0; i < 3; i++) {
      await sql`select count(*) from item`.execute(db);
      await db.transaction().execute(async (t) => {
        await t
          .insertInto('item')
          .values({ id: 10 + i, label: 'x' })
          .execute();
      });
    }
    const statements = await prepared(db);
    expect(statements.some((s) => s.includes('count(*)'))).toBe(false);
    expect(statements.some((s) => /^(begin|commit)/i.test(s))).toBe(false);
    // The insert inside the transactions has parameters: it is named, and every transaction committed.
    expect(statements.some((s) => s.startsWith('insert into "item"'))).toBe(true);
    expect(await db.selectFrom('item').select('id').where('id', '>=', 10).execute()).toHaveLength(3);
  });

  it('names at most the bound; a text beyond it keeps working unnamed', async () => {
    const db = await namingDb(2);
    const queries = [
      () => db.selectFrom('item').select('id').where('id', '=', 1),
      () => db.selectFrom('item').select('label').where('id', '=', 1),
      () => db.selectFrom('item').select(['id', 'label']).where('label', '=', 'one'),
    ];
    for (let round = 0; round < 3; round++)
      for (const q of queries) expect(await q().execute()).toHaveLength(1);
    const named = (await prepared(db)).filter((s) => s.startsWith('select'));
    expect(named).toEqual([queries[0]?.().compile().sql, queries[1]?.().compile().sql]);
  });

  it('runs a prepared text again unnamed when a migration changed the rows it returns', async () => {
    const db = await namingDb();
    await byId(db, 1).execute();
    await byId(db, 1).execute();
    expect(await prepared(db)).toContain(byId(db, 1).compile().sql);
    await sql`alter table item add column note text default 'added'`.execute(db);
    // PostgreSQL refuses the old prepared statement (0A000); the pool answers from the new table.
    expect(await byId(db, 1).execute()).toEqual([{ id: 1, label: 'one', note: 'added' }]);
    expect(await byId(db, 1).execute()).toEqual([{ id: 1, label: 'one', note: 'added' }]);
    expect(await byId(db, 1).execute()).toEqual([{ id: 1, label: 'one', note: 'added' }]);
  });

  it('is what the embedded store uses', async () => {
    const store = await openStore({ dataDir: '', inMemory: true });
    open.push(store);
    await sql`create table t (k text primary key)`.execute(store.db);
    const insert = (k: string) => sql`insert into t (k) values (${k})`.execute(store.db);
    await insert('a');
    await insert('b');
    expect(await prepared(store.db)).toContain('insert into t (k) values ($1)');
  });
});

describeOnPostgres('named statements on a PostgreSQL store', () => {
  async function postgresStore(preparedStatements?: boolean): Promise<Store> {
    const t = await createTestDb('postgresql');
    // One connection, so the statements below and the look at pg_prepared_statements share a session.
    const store = await openStore({
      databaseUrl: t.url,
      dataDir: '',
      poolSize: 1,
      ...(preparedStatements === undefined ? {} : { postgres: { preparedStatements } }),
    });
    open.push({
      close: async () => {
        await store.close();
        await t.close();
      },
    });
    await sql`create table t (k text primary key)`.execute(store.db);
    for (const k of ['a', 'b', 'c']) await sql`insert into t (k) values (${k})`.execute(store.db);
    return store;
  }

  it('prepares repeated statements by default', async () => {
    const store = await postgresStore();
    expect(await prepared(store.db)).toContain('insert into t (k) values ($1)');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from t where k > ${''}`.execute(
      store.db,
    );
    expect(rows).toEqual([{ n: 3 }]);
  });

  it('prepares none when turned off (a pooler in transaction mode that does not keep them)', async () => {
    const store = await postgresStore(false);
    expect(await prepared(store.db)).toEqual([]);
  });
});
