import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * For the tests that a finished request is not kept alive by V8's young-generation collections until a
 * full collection (docs/performance.md "Requests kept until a full collection").
 */

type Collect = (options: { type: 'minor' | 'major' }) => void;

/** V8's collector, reached without starting the process with --expose-gc. */
function collector(): Collect {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Collect;
}

/**
 * Bytes the young-generation collections during `work` moved to the old generation: the old generation's
 * growth across each of them, from V8's own figures (node:v8 GCProfiler).
 */
async function promotedDuring(work: () => Promise<void>): Promise<number> {
  const profiler = new GCProfiler();
  profiler.start();
  await work();
  const { statistics } = profiler.stop();
  const oldSpace = (spaces: { spaceName: string; spaceUsedSize: number }[]) =>
    spaces.find((space) => space.spaceName === 'old_space')?.spaceUsedSize ?? 0;
  return statistics
    .filter((gc) => gc.gcType === 'Scavenge')
    .reduce(
      (sum, gc) => sum + oldSpace(gc.afterGC.heapSpaceStatistics) - oldSpace(gc.beforeGC.heapSpaceStatistics),
      0,
    );
}

/**
 * Runs `requests` once to compile its path and settle long-lived tables in the old generation, then again
 * with two young-generation collections after it: the bytes those runs moved to the old generation.
 * Whatever a finished request left reachable only to the young-generation collector survives both and is
 * counted; what nothing holds is not.
 */
export async function promotedByFinishedRequests(requests: () => Promise<void>): Promise<number> {
  const gc = collector();
  await requests();
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  return promotedDuring(async () => {
    await requests();
    gc({ type: 'minor' });
    gc({ type: 'minor' });
  });
}
