import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpired } from '../ops/sweeper.ts';
import type { Db } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { openStore } from './open-store.ts';
import { createTestDb, type TestDb } from './testing/test-db.ts';
import {
  AUTOVACUUM_DEFAULTS,
  startVacuumWhereDue,
  type TableActivity,
  type UpkeepDone,
  upkeepDue,
  vacuumWhereDue,
} from './vacuum-where-due.ts';

const activity = (over: Partial<TableActivity>): TableActivity => ({
  table: 'session',
  liveRows: 1000,
  deadRows: 0,
  insertedSinceVacuum: 0,
  changedSinceAnalyze: 0,
  ...over,
});

describe('when a table is due, as autovacuum decides it', () => {
  const th = AUTOVACUUM_DEFAULTS;

  it('vacuums past 50 + 20 % of the live rows dead, or 1000 + 20 % inserted since the last vacuum', () => {
    const vacuum = (over: Partial<TableActivity>) => upkeepDue(activity(over), th).vacuum;
    expect(vacuum({ deadRows: 250 })).toBe(false);
    expect(vacuum({ deadRows: 251 })).toBe(true);
    expect(vacuum({ insertedSinceVacuum: 1200 })).toBe(false);
    expect(vacuum({ insertedSinceVacuum: 1201 })).toBe(true);
    expect(vacuum({ deadRows: 251, changedSinceAnalyze: 10_000 })).toBe(true);
  });

  it('analyzes past 50 + 10 % of the live rows changed since the last analyze, apart from vacuuming', () => {
    expect(upkeepDue(activity({ changedSinceAnalyze: 150 }), th)).toEqual({ vacuum: false, analyze: false });
    expect(upkeepDue(activity({ changedSinceAnalyze: 151 }), th)).toEqual({ vacuum: false, analyze: true });
    expect(upkeepDue(activity({ liveRows: 0, changedSinceAnalyze: 51 }), th)).toEqual({
      vacuum: false,
      analyze: true,
    });
    expect(upkeepDue(activity({ deadRows: 251 }), th)).toEqual({ vacuum: true, analyze: false });
  });
});

/** The session table's size on disk, indexes included. */
const sessionBytes = async (db: Db) =>
  Number(
    (await sql<{ n: string }>`select pg_total_relation_size('session')::text as n`.execute(db)).rows[0]?.n,
  );

/**
 * The sweeper's deletes as the store's statistics see them. A session's counts reach them at most once a
 * second (PostgreSQL, 27.2.2 "Viewing Statistics"); the job looks once a minute, the tests at once.
 */
async function sweep(db: Db): Promise<void> {
  await sweepExpired(db, new Date());
  await sql`select pg_stat_force_next_flush()`.execute(db);
}

/** A burst of SSO sessions that have all expired by the time the sweeper runs, as after a busy morning. */
async function expiredSessions(db: Db, round: number): Promise<void> {
  await sql`insert into session (id, data, created_at, expires_at)
      select 'r${sql.raw(String(round))}-' || g, jsonb_build_object('subject', repeat('x', 400)),
             now() - interval '9 hours', now() - interval '1 hour'
      from generate_series(1, 4000) g`.execute(db);
}

describe('the embedded store vacuums itself where due (PGlite runs no autovacuum)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('embedded');
  });
  afterAll(async () => {
    await t.close();
  });

  it('reclaims the rows the sweeper deleted, so the store stops growing; without it, it grows each round', async () => {
    const sizes = async (vacuum: boolean) => {
      const after: number[] = [];
      for (let round = 0; round < 5; round++) {
        await expiredSessions(t.db, round);
        await sweep(t.db);
        if (vacuum) await vacuumWhereDue(t.db);
        after.push(await sessionBytes(t.db));
      }
      return after;
    };
    const kept = await sizes(false);
    // The reference: single-user PostgreSQL keeps every deleted row's space.
    expect(kept[4]).toBeGreaterThan(3 * (kept[0] ?? 0));
    const done = await vacuumWhereDue(t.db);
    expect(done.find((d) => d.table === 'session')).toMatchObject({ vacuum: true, deadRows: 20_000 });
    const vacuumed = await sizes(true);
    expect(Math.max(...vacuumed)).toBeLessThanOrEqual(kept[4] ?? 0);
    expect(vacuumed[4]).toBe(vacuumed[1]);
  });

  it('leaves tables that are not due alone', async () => {
    await vacuumWhereDue(t.db);
    expect(await vacuumWhereDue(t.db)).toEqual([]);
  });

  it('freezes the whole database, catalogs too, when its oldest transaction id is older than the bound', async () => {
    const age = async () =>
      Number(
        (
          await sql<{ n: string }>`select age(datfrozenxid)::text as n from pg_database
              where datname = current_database()`.execute(t.db)
        ).rows[0]?.n,
      );
    for (let i = 0; i < 30; i++) await sql`select txid_current()`.execute(t.db);
    const before = await age();
    expect(before).toBeGreaterThan(30);
    const done = await vacuumWhereDue(t.db, { ...AUTOVACUUM_DEFAULTS, freezeMaxAge: 30 });
    expect(done.map((d) => [d.table, d.vacuum])).toEqual([['*', true]]);
    expect(await age()).toBeLessThan(before - 30);
  });

  it('checks on an interval and reports what it did', async () => {
    await expiredSessions(t.db, 9);
    await sweep(t.db);
    const reported = await new Promise<UpkeepDone[]>((resolve, reject) => {
      const stop = startVacuumWhereDue(
        t.db,
        10,
        (done) => {
          stop();
          resolve(done);
        },
        (e) => {
          stop();
          reject(e);
        },
      );
    });
    expect(reported.find((d) => d.table === 'session')).toMatchObject({ vacuum: true, deadRows: 4000 });
  });
});

describe('the embedded store after a restart', () => {
  it('reclaims rows deleted before it, though PGlite starts its statistics afresh at every start', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'passi-vacuum-')), 'data');
    let store = await openStore({ dataDir });
    try {
      await migrateToLatest(store.db);
      await expiredSessions(store.db, 0);
      await sweep(store.db);
    } finally {
      await store.close();
    }
    const grown = await (async () => {
      store = await openStore({ dataDir });
      return sessionBytes(store.db);
    })();
    try {
      // The counts of the deletes before the restart are gone ...
      expect(await vacuumWhereDue(store.db)).toEqual([]);
      // ... but with no live rows counted either, the next few deletes make the table due, and its
      // vacuum reclaims every dead row in it, the earlier ones too.
      await sql`insert into session (id, data, created_at, expires_at)
          select 'later-' || g, '{}'::jsonb, now(), now() - interval '1 minute'
          from generate_series(1, 60) g`.execute(store.db);
      await sweep(store.db);
      expect((await vacuumWhereDue(store.db)).find((d) => d.table === 'session')).toMatchObject({
        vacuum: true,
        deadRows: 60,
      });
      // Kept, the space would double; reused, it grows by a few index pages at most.
      await expiredSessions(store.db, 1);
      expect(await sessionBytes(store.db)).toBeLessThan(1.25 * grown);
    } finally {
      await store.close();
    }
  });
});
