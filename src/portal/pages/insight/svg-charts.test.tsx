import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { OUTCOME_STYLES } from './outcome-style.ts';
import { HorizontalBarChart, niceMax, StackedDayChart } from './svg-charts.tsx';

/** Relative luminance and contrast ratio (WCAG 2.1, "contrast ratio" and "relative luminance"). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('SVG charts', () => {
  it('rounds an axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 6, 10, 11, 42, 480, 501].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 50, 500, 1000]);
  });

  it('every outcome colour stands out from white (SC 1.4.11 asks 3:1) and has its own pattern', () => {
    for (const [outcome, style] of Object.entries(OUTCOME_STYLES))
      expect(contrastWithWhite(style.colour), outcome).toBeGreaterThanOrEqual(4.5);
    const patterns = Object.values(OUTCOME_STYLES).map((s) => s.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('a chart is one named, described image; a stacked bar is as tall as its day’s total', () => {
    const html = renderToString(
      <StackedDayChart
        id="c"
        title="Logins per day"
        desc="Two days"
        days={[
          { day: '2026-03-01', byOutcome: { completed: 6, 'failed:blocked': 4 } },
          { day: '2026-03-02', byOutcome: {} },
        ]}
        outcomes={['completed', 'failed:blocked']}
      />,
    );
    expect(html).toMatch(/^<svg role="img" aria-labelledby="c-title" aria-describedby="c-desc"/);
    expect(html).toContain('<title id="c-title">Logins per day</title><desc id="c-desc">Two days</desc>');
    const heights = [
      ...html.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="url\(#c-p\d\)"/g),
    ].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2); // the empty day draws nothing
    expect((heights[0] ?? 0) / (heights[1] ?? 1)).toBeCloseTo(6 / 4);
    expect(html).toContain('>03-01</text>');
  });

  it('a bar chart writes each count after its bar', () => {
    const html = renderToString(
      <HorizontalBarChart
        id="s"
        title="By service"
        desc="Bars"
        rows={[
          { key: 'a', label: 'Service A', count: 7 },
          { key: 'b', label: 'Service B', count: 2 },
        ]}
      />,
    );
    expect([...html.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual([
      'Service A',
      '7',
      'Service B',
      '2',
    ]);
  });
});
