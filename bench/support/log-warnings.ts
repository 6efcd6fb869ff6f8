/**
 * Passi's warnings and errors among its log lines (pino's levels: warn 40, error 50, fatal 60), so that
 * the benchmark's report names what went wrong on Passi's side while its log goes to /dev/null. Every one
 * is counted; the first `keep` are kept.
 */
export function logWarnings(keep: number): {
  observe(line: string): void;
  count(): number;
  kept(): readonly string[];
} {
  const lines: string[] = [];
  let count = 0;
  return {
    observe(line) {
      // pino writes `"level":` first after nothing but `{`, as a number; 40 and up is a warning or worse.
      const level = /^\{"level":(\d+)[,}]/.exec(line)?.[1];
      if (level === undefined || Number(level) < 40) return;
      count++;
      if (lines.length < keep) lines.push(line.trim());
    },
    count: () => count,
    kept: () => lines,
  };
}
