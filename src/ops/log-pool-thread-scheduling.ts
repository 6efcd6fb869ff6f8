import {
  type PoolSchedulingOutcome,
  type PoolThreadScheduling,
  schedulePoolThreadsOnce,
} from './pool-thread-scheduling.ts';

/**
 * Applies PASSI_POOL_THREAD_SCHEDULING at start and says in the log what came of it: an operator who
 * asked for SCHED_BATCH and did not get it reads why (docs/operations.md "libuv's pool threads").
 */
export async function logPoolThreadScheduling(
  wanted: PoolThreadScheduling,
  log: {
    info(fields: Record<string, unknown>, message: string): void;
    warn(fields: Record<string, unknown>, message: string): void;
  },
  schedule: (wanted: PoolThreadScheduling) => Promise<PoolSchedulingOutcome> = schedulePoolThreadsOnce,
): Promise<PoolSchedulingOutcome> {
  const outcome = await schedule(wanted);
  if (outcome.kind === 'batch')
    log.info({ threadIds: outcome.threadIds }, "libuv's pool threads run under SCHED_BATCH");
  else if (outcome.kind === 'unavailable')
    log.warn(
      { reason: outcome.reason },
      "libuv's pool threads keep the normal scheduling policy (PASSI_POOL_THREAD_SCHEDULING=batch could not be applied)",
    );
  return outcome;
}
