import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * When the embedded store checkpoints: after `walBytes` of WAL since the last checkpoint began, or
 * `timeoutMs` after it when anything was written since. PostgreSQL's checkpointer does the same by
 * `max_wal_size` and `checkpoint_timeout` (PostgreSQL documentation, 28.5 "WAL Configuration").
 */
export interface CheckpointThresholds {
  walBytes: number;
  timeoutMs: number;
}

/**
 * PostgreSQL's `checkpoint_timeout` (five minutes), and a WAL bound far below its `max_wal_size` (1 GB).
 * The checkpointer spreads a checkpoint's writes over minutes in the background; here a checkpoint holds
 * the store's single session, so a smaller one is the shorter wait. A proxied login writes 1–2 KB of
 * WAL, so 64 MB is some 30,000–60,000 logins; crash recovery replays at most about this much.
 * Checkpoints more often than every five minutes cost more in all: each page's first change after a
 * checkpoint writes the whole page to the WAL (docs/performance.md "WAL that was never removed").
 */
export const CHECKPOINT_DEFAULTS: CheckpointThresholds = {
  walBytes: 64 * 1024 * 1024,
  timeoutMs: 5 * 60_000,
};

export interface WalActivity {
  /** WAL written since the last checkpoint's redo point: what crash recovery would replay. */
  walBytesSinceRedo: number;
  /** Whether anything was written after the last checkpoint's own record. */
  writtenSinceCheckpoint: boolean;
  msSinceCheckpoint: number;
}

export interface Checkpointed {
  /** The WAL the checkpoint made unnecessary for recovery. */
  walBytes: number;
  ms: number;
}

export function checkpointDue(a: WalActivity, th: CheckpointThresholds): boolean {
  if (!a.writtenSinceCheckpoint) return false;
  return a.walBytesSinceRedo >= th.walBytes || a.msSinceCheckpoint >= th.timeoutMs;
}

/**
 * A checkpoint record and the WAL page header it may start: anything more after the checkpoint's own
 * position was written by someone else (PostgreSQL's `CreateCheckPoint` skips a timed checkpoint on the
 * same test, nothing important logged since the last one).
 */
const CHECKPOINT_RECORD_BYTES = 256;

/**
 * Checkpoints the embedded store when it is due. PGlite runs PostgreSQL in single-user mode, where no
 * checkpointer runs and the WAL never asks for one: PostgreSQL's `XLogWrite`
 * (src/backend/access/transam/xlog.c) requests a checkpoint by WAL volume only `IsUnderPostmaster`.
 * Without this, every WAL segment written since the store opened stays in the data folder, some 1–2
 * KB per login for as long as the node runs, and a crash replays all of it at the next start
 * (docs/operations.md "Upkeep of the embedded store"). After a checkpoint, PostgreSQL recycles the
 * segments before its redo point or removes them.
 */
export async function checkpointWhereDue(
  db: Db,
  thresholds: CheckpointThresholds = CHECKPOINT_DEFAULTS,
): Promise<Checkpointed | null> {
  const row = (
    await sql<{ sinceRedo: number; sinceRecord: number; ms: number }>`select
        (pg_current_wal_insert_lsn() - redo_lsn)::float8 as "sinceRedo",
        (pg_current_wal_insert_lsn() - checkpoint_lsn)::float8 as "sinceRecord",
        (extract(epoch from clock_timestamp() - checkpoint_time) * 1000)::float8 as ms
      from pg_control_checkpoint()`.execute(db)
  ).rows[0];
  if (!row) return null;
  const activity: WalActivity = {
    walBytesSinceRedo: row.sinceRedo,
    writtenSinceCheckpoint: row.sinceRecord > CHECKPOINT_RECORD_BYTES,
    msSinceCheckpoint: row.ms,
  };
  if (!checkpointDue(activity, thresholds)) return null;
  const start = performance.now();
  await sql`checkpoint`.execute(db);
  return { walBytes: activity.walBytesSinceRedo, ms: performance.now() - start };
}
