/**
 * The largest products as horizontal bars drawn at build time, each name and bar a link to the
 * product's page, the count beside it as text. The SVG is a labelled group, not role="img", because
 * an image's children (the links) would be hidden from assistive technology. The link's name is
 * its visible text only, so what a speech user says matches what they see.
 */
import { formatCount } from '../lib/render/format';

export interface ProductBar {
  name: string;
  count: number;
  href: string;
}

const WIDTH = 640;
const ROW = 26;
const LABEL = 280;

function shorten(name: string, max = 33): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

/** Horizontal bars for the given products (already sorted, largest first). */
export function ProductChart({ products }: { products: ProductBar[] }) {
  if (products.length === 0) return null;
  const max = Math.max(...products.map((p) => p.count));
  const height = products.length * ROW + 8;
  const room = WIDTH - LABEL - 60;
  return (
    <figure className="chart">
      <figcaption id="product-chart-title">The largest products</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-labelledby="product-chart-title">
        <desc>{`The ${products.length} products with the most articles; each bar links to the product's articles.`}</desc>
        {products.map((p, i) => {
          const y = 4 + i * ROW;
          const w = max > 0 ? Math.max(2, (p.count / max) * room) : 0;
          return (
            <g key={p.href}>
              <a href={p.href}>
                <text x={LABEL - 6} y={y + ROW / 2 + 4} textAnchor="end">{shorten(p.name)}</text>
                <rect className="bar" x={LABEL} y={y + 4} width={w} height={ROW - 8} rx={2} />
              </a>
              <text x={LABEL + w + 6} y={y + ROW / 2 + 4}>{formatCount(p.count)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
