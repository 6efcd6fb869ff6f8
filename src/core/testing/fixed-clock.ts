import type { Clock } from '../clock.ts';

/** Tests: a clock that stands still until set or advanced. */
export function fixedClock(at: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let current = at.getTime();
  return {
    now: () => new Date(current),
    set: (d: Date) => {
      current = d.getTime();
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}
