/**
 * Articles per year as a bar chart drawn at build time: plain SVG (role="img" with a title and a
 * description for screen readers) and the numbers in a table for those who want them exactly.
 */
import { formatCount } from '../lib/render/format';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 8 };

/** Every year from the first to the last, so a gap in the archive shows as a gap in the bars. */
export function fillYears(years: Record<string, number>): [string, number][] {
  const dated = Object.keys(years).filter((y) => /^\d{4}$/.test(y)).map(Number);
  if (dated.length === 0) return [];
  const rows: [string, number][] = [];
  for (let y = Math.min(...dated); y <= Math.max(...dated); y++) rows.push([String(y), years[String(y)] ?? 0]);
  return rows;
}

/** Bars per year from a `{ year: count }` map. Years without a date (e.g. `unknown`) are left out. */
export function YearChart({ years }: { years: Record<string, number> }) {
  const rows = fillYears(years);
  if (rows.length === 0) return null;
  const max = Math.max(...rows.map(([, n]) => n));
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const peak = rows.find(([, n]) => n === max);
  const slot = (WIDTH - PAD.left - PAD.right) / rows.length;
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const labelEvery = Math.ceil(rows.length / 12);
  const first = rows[0]?.[0];
  const last = rows[rows.length - 1]?.[0];
  return (
    <figure className="chart">
      <figcaption id="year-chart-title">Articles by year last modified</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="year-chart-title year-chart-desc">
        <title>Articles by year last modified</title>
        <desc id="year-chart-desc">
          {`${formatCount(total)} dated articles from ${first} to ${last}; the most, ${formatCount(max)}, in ${peak?.[0]}.`}
        </desc>
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} />
        {rows.map(([year, n], i) => {
          const h = max > 0 && n > 0 ? Math.max(1, (n / max) * plot) : 0;
          const x = PAD.left + i * slot;
          return (
            <g key={year}>
              <rect className="bar" x={x + slot * 0.12} y={HEIGHT - PAD.bottom - h} width={slot * 0.76} height={h}>
                <title>{`${year}: ${formatCount(n)} articles`}</title>
              </rect>
              {i % labelEvery === 0 ? (
                <text x={x + slot / 2} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">{year}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>The numbers</summary>
        <table>
          <thead><tr><th scope="col">Year</th><th scope="col">Articles</th></tr></thead>
          <tbody>{rows.filter(([, n]) => n > 0).map(([year, n]) => <tr key={year}><td>{year}</td><td>{formatCount(n)}</td></tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}
