import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { serialize } from 'pg-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../open-store.ts';
import { isStoreUnavailable } from '../store-unavailable.ts';
import { EMBEDDED_STORE_STOPPED, PGliteInWorker } from './pglite-in-worker.ts';

const open: Store[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

async function onDisk(): Promise<Store> {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'passi-worker-')) });
  open.push(store);
  return store;
}

/** Timer ticks on this thread while `work` runs: none if the work holds the event loop. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    await work();
    return ticks;
  } finally {
    clearInterval(timer);
  }
}

const heavy = sql`select count(*) from generate_series(1, 500000)`;

describe('the embedded store on a data folder runs PGlite in a worker thread', () => {
  it('keeps the event loop free while a statement runs, which PGlite in this thread does not', async () => {
    const onThread = await onDisk();
    const inThisThread = await openStore({ dataDir: 'unused', inMemory: true });
    open.push(inThisThread);
    expect(await ticksDuring(() => heavy.execute(inThisThread.db))).toBe(0);
    expect(await ticksDuring(() => heavy.execute(onThread.db))).toBeGreaterThan(0);
  });

  it("passes PostgreSQL's errors through whole, and the session goes on after them", async () => {
    const store = await onDisk();
    await sql`create table t (id int primary key, v text)`.execute(store.db);
    await sql`insert into t values (1, 'a')`.execute(store.db);
    const duplicate = await sql`insert into t values (${1}, ${'b'})`
      .execute(store.db)
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({
      code: '23505',
      constraint: 't_pkey',
      detail: 'Key (id)=(1) already exists.',
    });
    const syntax = await sql`selec 1`.execute(store.db).catch((e: unknown) => e);
    expect(syntax).toMatchObject({ code: '42601' });
    await expect(
      store.db.transaction().execute(async (tx) => {
        await sql`insert into t values (2, 'b')`.execute(tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const { rows } = await sql<{ id: number; v: string }>`select id, v from t order by id`.execute(store.db);
    expect(rows).toEqual([{ id: 1, v: 'a' }]);
  });

  it('delivers a notification after the commit that sent it, none for a rollback, none after unlisten', async () => {
    const store = await onDisk();
    let heard = 0;
    const states: boolean[] = [];
    const unlisten = await store.listen(
      'passi_test',
      () => heard++,
      (s) => states.push(s),
    );
    expect(states).toEqual([true]);
    await store.db.transaction().execute(async (tx) => {
      await sql`select pg_notify('passi_test', '')`.execute(tx);
      await sql`select pg_notify('other_channel', '')`.execute(tx);
      expect(heard).toBe(0);
    });
    await new Promise((r) => setImmediate(r));
    expect(heard).toBe(1);
    await store.db
      .transaction()
      .execute(async (tx) => {
        await sql`select pg_notify('passi_test', '')`.execute(tx);
        throw new Error('roll back');
      })
      .catch(() => {});
    await unlisten();
    await sql`select pg_notify('passi_test', '')`.execute(store.db);
    await new Promise((r) => setImmediate(r));
    expect(heard).toBe(1);
    await expect(
      store.listen(
        "x'; drop table t; --",
        () => {},
        () => {},
      ),
    ).rejects.toThrow('not a channel name');
  });

  it('dumps its data folder, and a store loaded from the dump has the same rows', async () => {
    const store = await onDisk();
    await sql`create table kept (v text)`.execute(store.db);
    await sql`insert into kept values ('from the worker')`.execute(store.db);
    const copy = await openStore({
      dataDir: 'unused',
      inMemory: true,
      loadDataDir: await store.dumpDataDir(),
    });
    open.push(copy);
    const { rows } = await sql<{ v: string }>`select v from kept`.execute(copy.db);
    expect(rows).toEqual([{ v: 'from the worker' }]);
  });

  it('does not keep a process alive that has nothing else left to do, even left open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-worker-'));
    const child = spawnSync(
      process.execPath,
      ['bin/run-ts.js', 'src/store/pglite-worker/testing/open-and-leave-open.ts', dir],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.error).toBeUndefined();
    expect(child.stdout).toContain('answer 42');
    expect(child.status).toBe(0);
  });
});

/** A handle on one of the fake workers in testing/, which stand in for PGlite failing in set ways. */
const fakeWorker = (file: string) =>
  new PGliteInWorker({ dataDir: 'unused', startParams: [] }, new URL(`./testing/${file}`, import.meta.url));

describe('a PGlite worker that stops', () => {
  it('fails the request waiting and every later one as "store unavailable", and reports it once', async () => {
    const worker = fakeWorker('stopping-worker.mjs');
    await worker.waitReady;
    const waiting = worker.exec(serialize.query('select 1'));
    await expect(waiting).rejects.toThrow(EMBEDDED_STORE_STOPPED);
    const reason = await worker.stopped;
    expect(reason.message).toBe(EMBEDDED_STORE_STOPPED);
    expect(String(reason.cause)).toContain('code 3');
    expect(isStoreUnavailable(await waiting.catch((e: unknown) => e))).toBe(true);
    await expect(worker.exec(serialize.query('select 1'))).rejects.toBe(reason);
    await expect(worker.dumpDataDir()).rejects.toBe(reason);
    await worker.close();
  });
});

describe('a PGlite that throws', () => {
  it('ends the store: that statement and every later one fail as "store unavailable", reported once', async () => {
    const worker = fakeWorker('throwing-worker.mjs');
    await worker.waitReady;
    const first = await worker.exec(serialize.query('select 1')).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toBe(EMBEDDED_STORE_STOPPED);
    expect(String((await worker.stopped).cause)).toBe('Error: PGlite failed: RuntimeError: unreachable');
    await expect(worker.exec(serialize.query('select 1'))).rejects.toBe(first);
    await worker.close();
  });
});

describe('PostgreSQL ending its session (a PANIC)', () => {
  it('fails that statement and every later one, reports the store stopped once, and ping says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-worker-'));
    const stops: Error[] = [];
    const store = await openStore({ dataDir: dir, onEmbeddedStopped: (e) => stops.push(e) });
    open.push(store);
    await sql`select 1`.execute(store.db);
    // A checkpoint that cannot write pg_control is a PANIC (PostgreSQL's xlog.c, UpdateControlFile).
    rmSync(join(dir, 'pglite', 'global', 'pg_control'));
    const failed = await sql`checkpoint`.execute(store.db).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe(EMBEDDED_STORE_STOPPED);
    expect(isStoreUnavailable(failed)).toBe(true);
    expect(stops).toHaveLength(1);
    expect(String(stops[0]?.cause)).toContain('PostgreSQL ended its session: could not open file');
    await expect(sql`select 1`.execute(store.db)).rejects.toThrow(EMBEDDED_STORE_STOPPED);
    expect(await store.ping()).toBe(false);
    expect(stops).toHaveLength(1);
  });
});

describe('a data folder PostgreSQL cannot start on', () => {
  it('fails the open with the folder named, ends the worker and leaves the folder unlocked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-worker-'));
    mkdirSync(join(dir, 'pglite'), { mode: 0o700 });
    writeFileSync(join(dir, 'pglite', 'PG_VERSION'), '9\n');
    const first = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toContain(
      `could not be opened in ${join(dir, 'pglite')}: PGlite failed`,
    );
    // Not "locked by another process": the failed open released the folder.
    await expect(openStore({ dataDir: dir })).rejects.toThrow('could not be opened');
  });
});
