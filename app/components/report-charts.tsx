/**
 * Report charts as plain SVG rendered on the server: readable without JavaScript, crisp in print.
 * Scales and tick values come from d3-scale; each chart sits in a <figure> next to the table that
 * holds the same numbers (the accessible source of truth).
 */
import { scaleLinear } from "d3-scale";

const WIDTH = 640;
const LABEL = 210;
const RIGHT = 56;
const ROW_GAP = 10;
const BAR = 14;
const AXIS = 28;

export type BarSeries = { label: string; className: string };
export type BarCategory = { label: string; values: (number | null)[] };

/** Horizontal grouped bars: one group per category, one bar per series; null = hidden value. */
export function BarChart({
  title,
  series,
  categories,
  hiddenLabel,
  format,
}: {
  title: string;
  series: BarSeries[];
  categories: BarCategory[];
  hiddenLabel: string;
  format: (n: number) => string;
}) {
  const max = Math.max(1, ...categories.flatMap((c) => c.values.map((v) => v ?? 0)));
  const x = scaleLinear()
    .domain([0, max])
    .nice()
    .range([LABEL, WIDTH - RIGHT]);
  const ticks = x.ticks(5).filter((t) => Number.isInteger(t));
  const rowHeight = series.length * BAR + ROW_GAP;
  const height = categories.length * rowHeight + AXIS + 6;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <Legend series={series} />
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} className="chart-svg">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - AXIS} className="chart-grid" />
            <text x={x(t)} y={height - AXIS + 16} textAnchor="middle" className="chart-tick">
              {format(t)}
            </text>
          </g>
        ))}
        {categories.map((c, i) => {
          const y0 = i * rowHeight + ROW_GAP / 2;
          return (
            <g key={c.label}>
              <text x={LABEL - 8} y={y0 + (series.length * BAR) / 2 + 4} textAnchor="end" className="chart-label">
                {c.label.length > 34 ? `${c.label.slice(0, 33)}…` : c.label}
              </text>
              {c.values.map((v, j) => {
                const y = y0 + j * BAR;
                return v === null ? (
                  <text key={j} x={LABEL + 4} y={y + BAR - 3} className="chart-hidden">
                    {hiddenLabel}
                  </text>
                ) : (
                  <g key={j}>
                    <rect x={LABEL} y={y + 1} width={Math.max(0, x(v) - LABEL)} height={BAR - 2} className={series[j]!.className} />
                    <text x={x(v) + 4} y={y + BAR - 3} className="chart-value">
                      {format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export type DumbbellRow = { label: string; from: number | null; to: number | null };

/** Before → after on a 0–100 scale, one row per group (e.g. pre-test and final mean by cohort). */
export function DumbbellChart({
  title,
  rows,
  fromLabel,
  toLabel,
  hiddenLabel,
  axisLabel,
}: {
  title: string;
  rows: DumbbellRow[];
  fromLabel: string;
  toLabel: string;
  hiddenLabel: string;
  axisLabel: string;
}) {
  const x = scaleLinear()
    .domain([0, 100])
    .range([LABEL, WIDTH - RIGHT]);
  const rowHeight = 24;
  const height = rows.length * rowHeight + AXIS + 10;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <Legend
        series={[
          { label: fromLabel, className: "chart-from" },
          { label: toLabel, className: "chart-to" },
        ]}
      />
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} className="chart-svg">
        {x.ticks(5).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - AXIS} className="chart-grid" />
            <text x={x(t)} y={height - AXIS + 16} textAnchor="middle" className="chart-tick">
              {t}
            </text>
          </g>
        ))}
        <text x={WIDTH - RIGHT} y={height - 2} textAnchor="end" className="chart-tick">
          {axisLabel}
        </text>
        {rows.map((r, i) => {
          const y = i * rowHeight + rowHeight / 2 + 4;
          return (
            <g key={`${r.label}-${i}`}>
              <text x={LABEL - 8} y={y + 4} textAnchor="end" className="chart-label">
                {r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}
              </text>
              {r.from === null || r.to === null ? (
                <text x={LABEL + 4} y={y + 4} className="chart-hidden">
                  {hiddenLabel}
                </text>
              ) : (
                <>
                  <line x1={x(r.from)} x2={x(r.to)} y1={y} y2={y} className="chart-link" />
                  <circle cx={x(r.from)} cy={y} r={5} className="chart-from" />
                  <circle cx={x(r.to)} cy={y} r={5} className="chart-to" />
                </>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function Legend({ series }: { series: BarSeries[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.label}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" className={s.className} />
          </svg>{" "}
          {s.label}
        </li>
      ))}
    </ul>
  );
}
