import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/support/describe-each-store.ts';
import type { Db } from '../database.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { SharedRateCounters } from './shared-rate-counters.ts';

const MINUTE = 60_000;

describe('SharedRateCounters without a store', () => {
  it('counts per key within a window and starts again when the window ends', () => {
    let now = 1_000;
    const counters = new SharedRateCounters(
      () => undefined,
      () => now,
    );
    expect(counters.hit('a|login', MINUTE)).toEqual({ current: 1, ttlMs: MINUTE });
    now += 10_000;
    expect(counters.hit('a|login', MINUTE)).toEqual({ current: 2, ttlMs: 50_000 });
    expect(counters.hit('b|login', MINUTE).current).toBe(1);
    now += 50_000;
    expect(counters.hit('a|login', MINUTE)).toEqual({ current: 1, ttlMs: MINUTE });
  });

  it('syncs to nothing when the store is not open yet', async () => {
    const counters = new SharedRateCounters(() => undefined);
    counters.hit('a', MINUTE);
    await expect(counters.sync()).resolves.toBeUndefined();
    expect(counters.hit('a', MINUTE).current).toBe(2);
  });
});

describe('SharedRateCounters when the store fails', () => {
  it('reports a failing sync once, not every interval, and again after it recovered', async () => {
    const t = await createTestDb('embedded');
    let db: Db | undefined = t.db;
    const counters = new SharedRateCounters(() => db);
    counters.hit('k', MINUTE);
    await t.close();
    const errors: unknown[] = [];
    const stop = counters.start(20, (e) => errors.push(e));
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(errors).toHaveLength(1);
      // Recovered (here: no store to share with), then failing again: reported again.
      db = undefined;
      await new Promise((r) => setTimeout(r, 100));
      db = t.db;
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).toHaveLength(2);
    } finally {
      stop();
    }
  });
});

describeEachStore('SharedRateCounters', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('adds up the requests of two nodes after they sync', async () => {
    const nodeA = new SharedRateCounters(() => t.db);
    const nodeB = new SharedRateCounters(() => t.db);
    for (let i = 0; i < 5; i++) nodeA.hit('10.0.0.1|search', MINUTE);
    for (let i = 0; i < 3; i++) nodeB.hit('10.0.0.1|search', MINUTE);
    await nodeA.sync();
    await nodeB.sync();
    // B learnt A's five; A learns B's three (not B's ninth, which B has not synced yet) at its next sync.
    expect(nodeB.hit('10.0.0.1|search', MINUTE).current).toBe(9);
    await nodeA.sync();
    expect(nodeA.hit('10.0.0.1|search', MINUTE).current).toBe(9);
    await Promise.all([nodeA.sync(), nodeB.sync()]);
    const row = await t.db
      .selectFrom('rate_limit')
      .select(['count', 'expires_at'])
      .where('key', '=', '10.0.0.1|search')
      .executeTakeFirstOrThrow();
    expect(row.count).toBe(10);
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now());
    // Other keys are counted on their own.
    expect(nodeA.hit('10.0.0.2|search', MINUTE).current).toBe(1);
  });

  it('keeps requests counted while a sync runs for the next sync', async () => {
    const node = new SharedRateCounters(() => t.db);
    node.hit('k-during', MINUTE);
    const sync = node.sync();
    node.hit('k-during', MINUTE);
    await sync;
    await node.sync();
    const row = await t.db
      .selectFrom('rate_limit')
      .select('count')
      .where('key', '=', 'k-during')
      .executeTakeFirstOrThrow();
    expect(row.count).toBe(2);
    expect(node.hit('k-during', MINUTE).current).toBe(3);
  });

  it('starts a new shared window once the old one has ended', async () => {
    const node = new SharedRateCounters(() => t.db);
    const other = new SharedRateCounters(() => t.db);
    for (let i = 0; i < 4; i++) other.hit('k-window', 150);
    await other.sync();
    await new Promise((r) => setTimeout(r, 300));
    node.hit('k-window', 150);
    await node.sync();
    const row = await t.db
      .selectFrom('rate_limit')
      .select('count')
      .where('key', '=', 'k-window')
      .executeTakeFirstOrThrow();
    expect(row.count).toBe(1);
  });

  /** The row's transaction id: it changes whenever the row is written. */
  const rowVersion = async (key: string) =>
    (await sql<{ v: string }>`SELECT xmin::text AS v FROM rate_limit WHERE key = ${key}`.execute(t.db))
      .rows[0]?.v;

  it("writes no row when nothing was counted since the last sync, and still learns other nodes' counts", async () => {
    const idle = new SharedRateCounters(() => t.db);
    const busy = new SharedRateCounters(() => t.db);
    idle.hit('k-idle', MINUTE);
    await idle.sync();
    const written = await rowVersion('k-idle');
    expect(written).toBeDefined();
    // Three syncs without traffic: the row is not rewritten.
    for (let i = 0; i < 3; i++) await idle.sync();
    expect(await rowVersion('k-idle')).toBe(written);
    // Another node counts; this node, idle, still learns the total at its next sync.
    for (let i = 0; i < 3; i++) busy.hit('k-idle', MINUTE);
    await busy.sync();
    await idle.sync();
    expect(idle.hit('k-idle', MINUTE).current).toBe(5);
  });

  it('deletes the row of a window that has ended', async () => {
    const node = new SharedRateCounters(() => t.db);
    node.hit('k-expired', 150);
    await node.sync();
    expect(await rowVersion('k-expired')).toBeDefined();
    await new Promise((r) => setTimeout(r, 300));
    await node.sync();
    expect(await rowVersion('k-expired')).toBeUndefined();
  });

  it('lets many nodes sync the same keys at once without losing a request', async () => {
    const nodes = Array.from({ length: 4 }, () => new SharedRateCounters(() => t.db));
    const keys = Array.from({ length: 50 }, (_, i) => `10.1.0.${i}|login`);
    for (const node of nodes) for (const key of keys) for (let i = 0; i < 3; i++) node.hit(key, MINUTE);
    await Promise.all(nodes.map((n) => n.sync()));
    const rows = await t.db
      .selectFrom('rate_limit')
      .select(['key', 'count'])
      .where('key', 'like', '10.1.0.%|login')
      .execute();
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.count))).toEqual(new Set([12]));
  });
});
