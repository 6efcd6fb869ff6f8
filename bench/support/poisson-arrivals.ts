/**
 * When `count` logins arrive at random at `perSecond` on average, independent of each other (a Poisson
 * process: exponential gaps), as people starting their logins do; offsets in milliseconds from the start.
 * The open-loop load client and the queueing model use the same arrivals (docs/performance.md "A lighter
 * load client").
 */
export function poissonArrivalOffsets(count: number, perSecond: number, random: () => number): number[] {
  const meanGapMs = 1000 / perSecond;
  const offsets: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += -Math.log(1 - random()) * meanGapMs;
    offsets.push(t);
  }
  return offsets;
}
