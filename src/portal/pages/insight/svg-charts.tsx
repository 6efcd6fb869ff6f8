import { type OutcomeStyle, outcomeStyle } from './outcome-style.ts';

/**
 * Charts drawn on the server as inline SVG: no script, no library, no request to anyone else. Each is one
 * image to assistive technology (`role="img"`, named by its `<title>` and described by its `<desc>`,
 * WAI-ARIA Graphics / SVG-AAM), always shown next to a table with the same numbers (WCAG 2.1 SC 1.1.1).
 */
const INK = '#16191d';
const GRID = '#6b7480';
const WIDTH = 760;

/** Fills for one chart's outcomes, under ids prefixed with the chart's own (several charts on one page). */
function PatternDefs(props: { id: string; outcomes: readonly string[] }) {
  return (
    <defs>
      {props.outcomes.map((o, i) => (
        <Pattern key={o} id={`${props.id}-p${i}`} style={outcomeStyle(o)} />
      ))}
    </defs>
  );
}

function Pattern(props: { id: string; style: OutcomeStyle }) {
  const { colour, pattern } = props.style;
  const marks = {
    solid: null,
    diagonal: <path d="M0 8 L8 0" stroke="#ffffff" strokeWidth={2} />,
    cross: <path d="M0 0 L8 8 M8 0 L0 8" stroke="#ffffff" strokeWidth={1.5} />,
    dots: <circle cx={4} cy={4} r={1.6} fill="#ffffff" />,
    horizontal: <path d="M0 4 L8 4" stroke="#ffffff" strokeWidth={2} />,
    vertical: <path d="M4 0 L4 8" stroke="#ffffff" strokeWidth={2} />,
  }[pattern];
  return (
    <pattern id={props.id} width={8} height={8} patternUnits="userSpaceOnUse">
      <rect width={8} height={8} fill={colour} />
      {marks}
    </pattern>
  );
}

/** A swatch of an outcome's fill for the legend next to a chart (decorative: the label says it). */
export function OutcomeSwatch(props: { id: string; outcome: string }) {
  return (
    <svg width={18} height={18} viewBox="0 0 18 18" aria-hidden="true" focusable="false" class="swatch">
      <defs>
        <Pattern id={props.id} style={outcomeStyle(props.outcome)} />
      </defs>
      <rect x={1} y={1} width={16} height={16} fill={`url(#${props.id})`} stroke={INK} strokeWidth={1} />
    </svg>
  );
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max) ?? 10;
  return step * power;
}

/** Logins per day, one stacked bar per day, a segment per outcome with its pattern. */
export function StackedDayChart(props: {
  id: string;
  title: string;
  desc: string;
  days: { day: string; byOutcome: Record<string, number> }[];
  outcomes: readonly string[];
}) {
  const { id, days, outcomes } = props;
  const height = 260;
  const left = 52;
  const bottom = 36;
  const top = 12;
  const plotW = WIDTH - left - 8;
  const plotH = height - top - bottom;
  const totals = days.map((d) => outcomes.reduce((s, o) => s + (d.byOutcome[o] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.75);
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      class="chart"
      id={id}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.desc}</desc>
      <PatternDefs id={id} outcomes={outcomes} />
      {[0, max / 2, max].map((v) => (
        <g key={v}>
          <line x1={left} x2={WIDTH - 8} y1={y(v)} y2={y(v)} stroke={GRID} strokeWidth={0.5} />
          <text x={left - 6} y={y(v) + 4} text-anchor="end" font-size={12} fill={INK}>
            {Number.isInteger(v) ? v : v.toFixed(1)}
          </text>
        </g>
      ))}
      {days.map((d, i) => {
        let base = 0;
        const x = left + i * slot + (slot - barW) / 2;
        return (
          <g key={d.day}>
            {outcomes.map((o, k) => {
              const n = d.byOutcome[o] ?? 0;
              if (n === 0) return null;
              const rect = (
                <rect
                  key={o}
                  x={x}
                  y={y(base + n)}
                  width={barW}
                  height={y(base) - y(base + n)}
                  fill={`url(#${id}-p${k})`}
                  stroke="#ffffff"
                  strokeWidth={0.5}
                />
              );
              base += n;
              return rect;
            })}
            {i % labelEvery === 0 ? (
              <text x={x + barW / 2} y={height - bottom + 16} text-anchor="middle" font-size={11} fill={INK}>
                {d.day.slice(5)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1={left} x2={WIDTH - 8} y1={y(0)} y2={y(0)} stroke={INK} strokeWidth={1} />
    </svg>
  );
}

/** Counts as horizontal bars, largest first: the label before each bar and the number after it. */
export function HorizontalBarChart(props: {
  id: string;
  title: string;
  desc: string;
  rows: { key: string; label: string; count: number; outcome?: string }[];
}) {
  const { id, rows } = props;
  const rowH = 26;
  const labelW = 260;
  const barMax = WIDTH - labelW - 70;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const outcomes = rows.flatMap((r) => (r.outcome ? [r.outcome] : []));
  const short = (s: string) => (s.length > 36 ? `${s.slice(0, 35)}…` : s);
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${Math.max(height, rowH)}`}
      class="chart"
      id={id}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.desc}</desc>
      <PatternDefs id={id} outcomes={outcomes} />
      {rows.map((r, i) => {
        const w = Math.max(1, (r.count / max) * barMax);
        const yTop = 4 + i * rowH;
        const fill = r.outcome ? `url(#${id}-p${outcomes.indexOf(r.outcome)})` : '#0b5cad';
        return (
          <g key={r.key}>
            <text x={labelW - 8} y={yTop + 16} text-anchor="end" font-size={12} fill={INK}>
              {short(r.label)}
            </text>
            <rect x={labelW} y={yTop + 3} width={w} height={rowH - 8} fill={fill} />
            <text x={labelW + w + 6} y={yTop + 16} font-size={12} fill={INK}>
              {r.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
