import { runEvery } from '../core/run-every.ts';
import {
  CHECKPOINT_DEFAULTS,
  type Checkpointed,
  type CheckpointThresholds,
  checkpointWhereDue,
} from './checkpoint-where-due.ts';
import type { Db } from './database.ts';
import {
  AUTOVACUUM_DEFAULTS,
  type Vacuumed,
  type VacuumThresholds,
  vacuumWhereDue,
} from './vacuum-where-due.ts';

export interface UpkeepSchedule {
  intervalMs: number;
  vacuum: VacuumThresholds;
  checkpoint: CheckpointThresholds;
}

/** Looked at once a minute, autovacuum's own pace (`autovacuum_naptime`), with PostgreSQL's thresholds. */
export const UPKEEP_DEFAULTS: UpkeepSchedule = {
  intervalMs: 60_000,
  vacuum: AUTOVACUUM_DEFAULTS,
  checkpoint: CHECKPOINT_DEFAULTS,
};

export interface UpkeepDone {
  vacuumed: Vacuumed[];
  checkpointed: Checkpointed | null;
}

/**
 * The work PostgreSQL's background processes do that single-user PostgreSQL, as PGlite runs it, leaves
 * undone (docs/operations.md "Upkeep of the embedded store"): vacuuming (vacuum-where-due.ts), then
 * checkpointing (checkpoint-where-due.ts), so that a checkpoint also covers the vacuums' WAL. Every
 * `schedule.intervalMs` until the returned function is called; a check still running when the next is
 * due lets that one pass. What each check did goes to `onChecked`; a failure is reported once until a
 * check succeeds again.
 */
export function startEmbeddedStoreUpkeep(
  db: Db,
  schedule: UpkeepSchedule,
  onChecked: (done: UpkeepDone) => void,
  onError: (e: unknown) => void,
): () => void {
  let running = false;
  return runEvery(
    schedule.intervalMs,
    async () => {
      if (running) return;
      running = true;
      try {
        const vacuumed = await vacuumWhereDue(db, schedule.vacuum);
        onChecked({ vacuumed, checkpointed: await checkpointWhereDue(db, schedule.checkpoint) });
      } finally {
        running = false;
      }
    },
    onError,
  );
}
