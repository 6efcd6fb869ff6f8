import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { openStore } from './open-store.ts';
import { expiredSessions, sweep } from './testing/expired-sessions.ts';
import { createTestDb, type TestDb } from './testing/test-db.ts';
import { AUTOVACUUM_DEFAULTS, vacuumDue, vacuumWhereDue } from './vacuum-where-due.ts';

describe('when a table is due, as autovacuum decides it', () => {
  it('vacuums past 50 + 20 % of the live rows dead; inserts and changes alone do not make a table due', () => {
    const due = (liveRows: number, deadRows: number) =>
      vacuumDue({ table: 'session', liveRows, deadRows }, AUTOVACUUM_DEFAULTS);
    expect(due(1000, 250)).toBe(false);
    expect(due(1000, 251)).toBe(true);
    expect(due(0, 50)).toBe(false);
    expect(due(0, 51)).toBe(true);
  });
});

/** The session table's size on disk, indexes included. */
const sessionBytes = async (db: Db) =>
  Number(
    (await sql<{ n: string }>`select pg_total_relation_size('session')::text as n`.execute(db)).rows[0]?.n,
  );

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
    expect(done.find((d) => d.table === 'session')).toMatchObject({ deadRows: 20_000 });
    const vacuumed = await sizes(true);
    expect(Math.max(...vacuumed)).toBeLessThanOrEqual(kept[4] ?? 0);
    expect(vacuumed[4]).toBe(vacuumed[1]);
  });

  it('leaves alone a table that only had rows inserted, however many (nothing to reclaim)', async () => {
    await vacuumWhereDue(t.db);
    await sql`insert into session (id, data, created_at, expires_at)
        select 'live-' || g, '{}'::jsonb, now(), now() + interval '1 hour'
        from generate_series(1, 5000) g`.execute(t.db);
    await sql`select pg_stat_force_next_flush()`.execute(t.db);
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
    expect(done.map((d) => d.table)).toEqual(['*']);
    expect(await age()).toBeLessThan(before - 30);
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
    store = await openStore({ dataDir });
    try {
      const grown = await sessionBytes(store.db);
      // The counts of the deletes before the restart are gone ...
      expect(await vacuumWhereDue(store.db)).toEqual([]);
      // ... but with no live rows counted either, the next few deletes make the table due, and its
      // vacuum reclaims every dead row in it, the earlier ones too.
      await sql`insert into session (id, data, created_at, expires_at)
          select 'later-' || g, '{}'::jsonb, now(), now() - interval '1 minute'
          from generate_series(1, 60) g`.execute(store.db);
      await sweep(store.db);
      expect((await vacuumWhereDue(store.db)).find((d) => d.table === 'session')).toMatchObject({
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
