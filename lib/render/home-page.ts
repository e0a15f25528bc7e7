/**
 * The home page: what the archive holds, a picture of it (articles per year, the largest products)
 * and every product to browse. Static HTML like the article pages, drawn at build time: the charts
 * are SVG written here, so the page needs no script of its own and no framework on the client.
 */
import { h, s } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { ERROR_INDEX_PATH, HOME_PATH, productPath } from '../routes';
import { href, type RenderContext } from './context';
import { formatCount } from './format';
import { renderDocument } from './layout';

export interface HomePageInput {
  articles: number;
  /** every product with its article count */
  products: { name: string; slug: string; count: number }[];
  /** articles per year last modified (`{ "1998": 4210, "unknown": 3 }`) */
  years: Record<string, number>;
  /** how many error codes the articles cite */
  codes: number;
}

export interface ProductBar {
  name: string;
  count: number;
  href: string;
}

const TOP_PRODUCTS = 15;
const WIDTH = 640;
const YEAR_HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 8 };
const ROW = 26;
const LABEL = 280;

/** Every year from the first to the last, so a gap in the archive shows as a gap in the bars. */
export function fillYears(years: Record<string, number>): [string, number][] {
  const dated = Object.keys(years).filter((y) => /^\d{4}$/.test(y)).map(Number);
  if (dated.length === 0) return [];
  const rows: [string, number][] = [];
  for (let y = Math.min(...dated); y <= Math.max(...dated); y++) rows.push([String(y), years[String(y)] ?? 0]);
  return rows;
}

/**
 * Articles per year as bars: SVG with role="img", a title and a description for screen readers, and
 * the numbers in a table for those who want them exactly. Years without a date are left out.
 */
export function yearChart(years: Record<string, number>): Element | null {
  const rows = fillYears(years);
  if (rows.length === 0) return null;
  const max = Math.max(...rows.map(([, n]) => n));
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const peak = rows.find(([, n]) => n === max)?.[0];
  const slot = (WIDTH - PAD.left - PAD.right) / rows.length;
  const plot = YEAR_HEIGHT - PAD.top - PAD.bottom;
  const labelEvery = Math.ceil(rows.length / 12);
  const base = YEAR_HEIGHT - PAD.bottom;
  const bars = rows.flatMap(([year, n], i): Element[] => {
    const height = max > 0 && n > 0 ? Math.max(1, (n / max) * plot) : 0;
    const x = PAD.left + i * slot;
    const bar = s('rect.bar', { x: x + slot * 0.12, y: base - height, width: slot * 0.76, height }, s('title', `${year}: ${formatCount(n)} articles`));
    return i % labelEvery === 0 ? [bar, s('text', { x: x + slot / 2, y: base + 16, textAnchor: 'middle' }, year)] : [bar];
  });
  return h('figure.chart', [
    h('figcaption#year-chart-title', 'Articles by year last modified'),
    s('svg', { viewBox: `0 0 ${WIDTH} ${YEAR_HEIGHT}`, role: 'img', ariaLabelledBy: 'year-chart-title year-chart-desc' }, [
      s('title', 'Articles by year last modified'),
      s('desc#year-chart-desc', `${formatCount(total)} dated articles from ${rows[0]?.[0]} to ${rows[rows.length - 1]?.[0]}; the most, ${formatCount(max)}, in ${peak}.`),
      s('line.axis', { x1: PAD.left, x2: WIDTH - PAD.right, y1: base, y2: base }),
      ...bars,
    ]),
    h('details', [
      h('summary', 'The numbers'),
      h('table', [
        h('thead', h('tr', [h('th', { scope: 'col' }, 'Year'), h('th', { scope: 'col' }, 'Articles')])),
        h('tbody', rows.filter(([, n]) => n > 0).map(([year, n]) => h('tr', [h('td', year), h('td', formatCount(n))]))),
      ]),
    ]),
  ]);
}

function shorten(name: string, max = 33): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

/**
 * The largest products as horizontal bars, each name and bar a link to the product's page, the count
 * beside it as text. The SVG is a labelled group, not role="img", because an image's children (the
 * links) would be hidden from assistive technology; a link's name is its visible text only.
 */
export function productChart(products: ProductBar[]): Element | null {
  if (products.length === 0) return null;
  const max = Math.max(...products.map((p) => p.count));
  const room = WIDTH - LABEL - 60;
  const rows = products.map((p, i) => {
    const y = 4 + i * ROW;
    const w = max > 0 ? Math.max(2, (p.count / max) * room) : 0;
    return s('g', [
      s('a', { href: p.href }, [
        s('text', { x: LABEL - 6, y: y + ROW / 2 + 4, textAnchor: 'end' }, shorten(p.name)),
        s('rect.bar', { x: LABEL, y: y + 4, width: w, height: ROW - 8, rx: 2 }),
      ]),
      s('text', { x: LABEL + w + 6, y: y + ROW / 2 + 4 }, formatCount(p.count)),
    ]);
  });
  return h('figure.chart', [
    h('figcaption#product-chart-title', 'The largest products'),
    s('svg', { viewBox: `0 0 ${WIDTH} ${products.length * ROW + 8}`, role: 'group', ariaLabelledBy: 'product-chart-title' }, [
      s('desc', `The ${products.length} products with the most articles; each bar links to the product's articles.`),
      ...rows,
    ]),
  ]);
}

/** Every product with its article count, in columns, each linking to its page. */
export function productList(products: ProductBar[]): Element {
  return h('ul.product-grid', { ariaLabelledBy: 'products' }, products.map((p) =>
    h('li', [h('a', { href: p.href }, p.name), ' ', h('span.count', `(${formatCount(p.count)})`)])));
}

/** The content of the home page's <main>. */
export function homeMain(input: HomePageInput, ctx: RenderContext): ElementContent[] {
  const products = [...input.products].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((p): ProductBar => ({ name: p.name, count: p.count, href: href(ctx, productPath(p.slug)) }));
  const years = Object.keys(input.years).filter((y) => /^\d{4}$/.test(y)).sort();
  const span = years.length ? ` last modified ${years[0]}–${years[years.length - 1]}` : '';
  const charts = [yearChart(input.years), productChart(products.slice(0, TOP_PRODUCTS))].filter((c): c is Element => c !== null);
  return [
    h('h1', 'Knowledge-base archive'),
    h('p.lead', `${formatCount(input.articles)} articles${span}, each with its symptoms, cause and resolution as sections you can link to. Search by article number, error code or words.`),
    h('ul.stats', [
      h('li', [h('strong', formatCount(input.articles)), h('span', 'articles')]),
      h('li', [h('strong', formatCount(input.products.length)), h('span', 'products')]),
      h('li', [h('strong', formatCount(input.codes)), h('span', [h('a', { href: href(ctx, ERROR_INDEX_PATH) }, 'error codes'), ' mentioned'])]),
    ]),
    h('h2', 'The archive at a glance'),
    h('div.charts', charts),
    h('h2#products', 'Browse by product'),
    productList(products),
  ];
}

/** Renders the home page. `headScripts`: constant inline scripts for its <head> (see DocumentOptions). */
export function renderHomePage(input: HomePageInput, ctx: RenderContext, headScripts: string[] = []): string {
  return renderDocument(ctx, {
    title: ctx.siteName,
    fullTitle: ctx.siteName,
    path: HOME_PATH,
    description: `${formatCount(input.articles)} knowledge-base articles as a fast static site: read, search by article number, error code or words, and look up error codes.`,
    headScripts,
    openSearch: true,
    main: homeMain(input, ctx),
  });
}
