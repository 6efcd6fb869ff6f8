/**
 * Reading and summarising alternating runs of the proxied-login benchmark (bench/compare-revisions.ts).
 * On a machine shared with other work, one run can be a fifth away from the next with the same code
 * (docs/performance.md "How much one run can be off on this machine"), so two revisions are compared in
 * pairs run back to back, the order swapped from pair to pair so that a drift of the machine's speed
 * falls on both sides alike.
 */

/** One scenario's figures from one run, in ms per login. */
export interface ProxiedFigures {
  passiCpu: number;
  loopOnCpu?: number;
  loopWaiting?: number;
  otherThreads?: number;
  /** On the embedded store: PGlite's own thread (not among the other threads). */
  pgliteThread?: number;
  /** On PostgreSQL: the database server's CPU for the run's connections (not part of Passi's CPU). */
  postgresServer?: number;
}

export const FIGURE_NAMES: readonly (keyof ProxiedFigures)[] = [
  'passiCpu',
  'loopOnCpu',
  'loopWaiting',
  'otherThreads',
  'pgliteThread',
  'postgresServer',
];

const SCENARIO_HEADING = /^([a-z0-9-]+): \S/;
const PASSI_CPU = /^ {2}logins\/s .* Passi CPU ([\d.]+) ms\/login/;
const POSTGRES_SERVER = /^ {2}PostgreSQL server CPU ([\d.]+) ms\/login/;
const THREADS =
  /^ {2}Passi's threads: event loop ([\d.]+) ms\/login on a CPU \+ ([\d.]+) ms\/login waiting for one; the other threads \([^)]*\) ([\d.]+) ms\/login(?:; PGlite's thread ([\d.]+) ms\/login)?$/;

/**
 * The measured figures of each scenario in a run's output (the closed-loop phase; the warm-up's line and
 * the half-load phase are not read).
 */
export function readProxiedFigures(output: string): Map<string, ProxiedFigures> {
  const figures = new Map<string, ProxiedFigures>();
  let scenario: string | undefined;
  for (const line of output.split('\n')) {
    const heading = SCENARIO_HEADING.exec(line);
    if (heading) {
      scenario = heading[1];
      continue;
    }
    if (scenario === undefined) continue;
    const cpu = PASSI_CPU.exec(line);
    if (cpu) figures.set(scenario, { passiCpu: Number(cpu[1]) });
    const threads = THREADS.exec(line);
    const found = figures.get(scenario);
    if (threads && found) {
      found.loopOnCpu = Number(threads[1]);
      found.loopWaiting = Number(threads[2]);
      found.otherThreads = Number(threads[3]);
      if (threads[4] !== undefined) found.pgliteThread = Number(threads[4]);
    }
    const server = POSTGRES_SERVER.exec(line);
    if (server && found) found.postgresServer = Number(server[1]);
  }
  return figures;
}

/** Pair `index` (from 0) runs the base first when even, the head first when odd. */
export function baseRunsFirst(index: number): boolean {
  return index % 2 === 0;
}

export interface PairedSummary {
  pairs: number;
  baseMean: number;
  headMean: number;
  /** Mean of head − base over the pairs. */
  meanDifference: number;
  smallestDifference: number;
  largestDifference: number;
  /** Pairs in which the head's figure is lower than the base's. */
  headLower: number;
}

/** Head against base for one figure over the pairs that have it on both sides; undefined when none do. */
export function summarisePairs(
  pairs: readonly { base?: number; head?: number }[],
): PairedSummary | undefined {
  const both = pairs.flatMap((p) =>
    p.base !== undefined && p.head !== undefined ? [{ base: p.base, head: p.head }] : [],
  );
  if (both.length === 0) return undefined;
  const differences = both.map((p) => p.head - p.base);
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  return {
    pairs: both.length,
    baseMean: mean(both.map((p) => p.base)),
    headMean: mean(both.map((p) => p.head)),
    meanDifference: mean(differences),
    smallestDifference: Math.min(...differences),
    largestDifference: Math.max(...differences),
    headLower: differences.filter((d) => d < 0).length,
  };
}
