import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.ts';

describe('oneAtATime', () => {
  it('starts each run after the previous one settled, in call order, each with its own outcome', async () => {
    const events: string[] = [];
    let n = 0;
    const run = oneAtATime(async () => {
      const i = ++n;
      events.push(`start ${i}`);
      await new Promise((r) => setTimeout(r, 5));
      events.push(`end ${i}`);
      if (i === 2) throw new Error('second failed');
    });
    const results = await Promise.allSettled([run(), run(), run()]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
