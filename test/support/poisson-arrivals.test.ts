import { describe, expect, it } from 'vitest';
import { poissonArrivalOffsets } from '../../bench/support/poisson-arrivals.ts';
import { seededRandom } from '../../src/core/testing/seeded-random.ts';

describe('random arrivals of the open-loop load client', () => {
  it('arrive at the asked rate on average, with exponential gaps (as many short gaps as a Poisson process)', () => {
    const rate = 50;
    const offsets = poissonArrivalOffsets(20_000, rate, seededRandom(7));
    const gaps = offsets.map((t, i) => t - (offsets[i - 1] ?? 0));
    expect(gaps.every((g) => g >= 0)).toBe(true);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeCloseTo(1000 / rate, 0);
    // Exponential: standard deviation equal to the mean, and P(gap < mean) = 1 - 1/e ≈ 0.632. Evenly
    // spaced arrivals (the former schedule) have neither.
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
    const short = gaps.filter((g) => g < mean).length / gaps.length;
    expect(short).toBeGreaterThan(0.62);
    expect(short).toBeLessThan(0.645);
  });

  it('are the same for the same seed, so runs are comparable', () => {
    expect(poissonArrivalOffsets(5, 10, seededRandom(1))).toEqual(
      poissonArrivalOffsets(5, 10, seededRandom(1)),
    );
  });
});
