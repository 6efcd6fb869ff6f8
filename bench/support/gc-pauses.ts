import { constants, PerformanceObserver } from 'node:perf_hooks';

export interface GcPauses {
  /** Young-generation collections (scavenges): their pauses, in ms. */
  scavenges: { count: number; ms: number; longestMs: number };
  /** Full collections (mark-compact), the final pause after concurrent marking: in ms. */
  markCompacts: { count: number; ms: number; longestMs: number };
  /** Pauses of 2 ms or more: [start in ms since the epoch, duration in ms]. */
  long: [number, number][];
}

/**
 * The garbage collector's pauses on Passi's thread, from Node's `gc` performance entries
 * (Node.js perf_hooks, "Garbage Collection Details"). A pause is wall time: on a machine whose cores
 * are shared with other busy processes it also holds the time slices the kernel gave them.
 */
export function meterGcPauses(): { take(): Promise<GcPauses> } {
  let current = empty();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      const into =
        kind === constants.NODE_PERFORMANCE_GC_MINOR
          ? current.scavenges
          : kind === constants.NODE_PERFORMANCE_GC_MAJOR
            ? current.markCompacts
            : undefined;
      if (!into) continue;
      if (entry.duration >= 2) current.long.push([performance.timeOrigin + entry.startTime, entry.duration]);
      into.count++;
      into.ms += entry.duration;
      into.longestMs = Math.max(into.longestMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    // Entries are delivered after the collection, on a later turn of the event loop.
    async take() {
      await new Promise((resolve) => setImmediate(resolve));
      const taken = current;
      current = empty();
      return taken;
    },
  };
}

function empty(): GcPauses {
  return {
    scavenges: { count: 0, ms: 0, longestMs: 0 },
    markCompacts: { count: 0, ms: 0, longestMs: 0 },
    long: [],
  };
}

export function describeGcPauses(gc: GcPauses, logins: number): string {
  const per = (ms: number) => (ms / Math.max(logins, 1)).toFixed(2);
  return (
    `GC pauses ${per(gc.scavenges.ms + gc.markCompacts.ms)} ms/login: ` +
    `${gc.scavenges.count} scavenges (${per(gc.scavenges.ms)} ms/login, longest ${gc.scavenges.longestMs.toFixed(1)} ms), ` +
    `${gc.markCompacts.count} mark-compacts (longest ${gc.markCompacts.longestMs.toFixed(1)} ms)`
  );
}
