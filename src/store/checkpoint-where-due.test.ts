import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_DEFAULTS,
  checkpointDue,
  checkpointWhereDue,
  type WalActivity,
} from './checkpoint-where-due.ts';
import type { Db } from './database.ts';
import { openStore, type Store } from './open-store.ts';

const MB = 1024 * 1024;

describe('when a checkpoint is due, as PostgreSQL decides it', () => {
  const activity = (a: Partial<WalActivity>): WalActivity => ({
    walBytesSinceRedo: 0,
    writtenSinceCheckpoint: true,
    msSinceCheckpoint: 0,
    ...a,
  });
  const due = (a: Partial<WalActivity>) => checkpointDue(activity(a), CHECKPOINT_DEFAULTS);

  it('after 64 MB of WAL, however recent the last one', () => {
    expect(due({ walBytesSinceRedo: 64 * MB - 1 })).toBe(false);
    expect(due({ walBytesSinceRedo: 64 * MB })).toBe(true);
  });

  it('after five minutes when anything was written since the last one, and not on an idle store', () => {
    expect(due({ walBytesSinceRedo: 4096, msSinceCheckpoint: 299_999 })).toBe(false);
    expect(due({ walBytesSinceRedo: 4096, msSinceCheckpoint: 300_000 })).toBe(true);
    expect(due({ writtenSinceCheckpoint: false, msSinceCheckpoint: 3_600_000 })).toBe(false);
  });
});

/** The WAL segment files in the data folder: what the WAL takes on disk. */
const segments = (dataDir: string) =>
  readdirSync(join(dataDir, 'pglite', 'pg_wal')).filter((n) => /^[0-9A-F]{24}$/.test(n)).length;

/** About 19 MB of WAL: rows written and deleted again, as sessions and single-use ids are. */
async function churn(db: Db, round: number): Promise<void> {
  await sql`insert into wal_probe (id, payload)
      select ${round * 16_000} + g, repeat('x', 1200) from generate_series(1, 16000) g`.execute(db);
  await sql`delete from wal_probe where id <= ${round * 16_000}`.execute(db);
}

describe('the embedded store checkpoints itself where due (single-user PostgreSQL never does)', () => {
  let store: Store;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'passi-checkpoint-')), 'data');
    store = await openStore({ dataDir });
    await sql`create table wal_probe (id int primary key, payload text)`.execute(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps the WAL on disk bounded; without it, every byte of WAL stays', async () => {
    const rounds = async (checkpoint: boolean, from: number) => {
      const after: number[] = [];
      for (let round = from; round < from + 12; round++) {
        await churn(store.db, round);
        if (checkpoint) await checkpointWhereDue(store.db, { ...CHECKPOINT_DEFAULTS, walBytes: 16 * MB });
        after.push(segments(dataDir));
      }
      return after;
    };
    const kept = await rounds(false, 0);
    // The reference: no checkpoint comes, so no segment is ever recycled (12 rounds, over 200 MB).
    expect(kept[11]).toBeGreaterThan(12);
    expect(kept[11]).toBeGreaterThan(kept[5] ?? 0);
    const first = await checkpointWhereDue(store.db, { ...CHECKPOINT_DEFAULTS, walBytes: 16 * MB });
    expect(first?.walBytes).toBeGreaterThan(180 * MB);
    const bounded = await rounds(true, 12);
    // Segments before the last checkpoint are recycled, up to `max_wal_size` (128 MB, eight segments), or
    // removed: however long the node runs, the one being written and eight at most.
    expect(Math.max(...bounded)).toBeLessThanOrEqual(9);
  });

  it('does nothing while little was written, and checkpoints an idle store only once', async () => {
    await checkpointWhereDue(store.db, { ...CHECKPOINT_DEFAULTS, timeoutMs: 0 });
    await sql`insert into wal_probe (id, payload) values (-1, 'x')`.execute(store.db);
    // Written since, but neither 64 MB nor five minutes.
    expect(await checkpointWhereDue(store.db)).toBeNull();
    // Past the interval (here: no interval), what was written is checkpointed ...
    const timed = await checkpointWhereDue(store.db, { ...CHECKPOINT_DEFAULTS, timeoutMs: 0 });
    expect(timed?.walBytes).toBeGreaterThan(0);
    // ... and with nothing written since, there is nothing to checkpoint, however long it has been.
    expect(await checkpointWhereDue(store.db, { ...CHECKPOINT_DEFAULTS, timeoutMs: 0 })).toBeNull();
  });
});
