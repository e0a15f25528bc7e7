/**
 * A product page: the product's articles, newest first, a hundred to a page, with links between
 * the pages. Plain static HTML like the article pages.
 */
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { href, type ArticleLink, type RenderContext } from './context';
import { formatCount, formatDate, plural } from './format';
import { renderDocument } from './layout';
import { pageCount, pagePath, PAGE_SIZE } from './pagination';

export interface ProductPageInput {
  product: { name: string; slug: string; count: number };
  /** 1-based */
  page: number;
  /** the articles shown on this page, already sorted */
  articles: ArticleLink[];
  pageSize?: number;
}

/** The site path of a product's first page. */
export function productPath(slug: string): string {
  return `/product/${slug}/`;
}

function pager(ctx: RenderContext, listPath: string, page: number, pages: number): Element[] {
  if (pages <= 1) return [];
  const link = (n: number, label: string, rel?: string): ElementContent =>
    h('a', { href: href(ctx, pagePath(listPath, n)), ...(rel ? { rel } : {}) }, label);
  const items: Element[] = [];
  if (page > 1) items.push(h('li', link(page - 1, 'Previous', 'prev')));
  // a window of page numbers around the current one, plus the first and last
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  let previous = 0;
  for (const n of shown) {
    if (n - previous > 1) items.push(h('li.pager-gap', { ariaHidden: 'true' }, '…'));
    items.push(h('li', n === page ? h('span', { ariaCurrent: 'page' }, String(n)) : link(n, String(n))));
    previous = n;
  }
  if (page < pages) items.push(h('li', link(page + 1, 'Next', 'next')));
  return [h('nav.pager', { ariaLabel: 'Pages' }, h('ol', items))];
}

/** Renders one page of a product's article list. */
export function renderProductPage(input: ProductPageInput, ctx: RenderContext): string {
  const { product, page, articles } = input;
  const size = input.pageSize ?? PAGE_SIZE;
  const pages = pageCount(product.count, size);
  const listPath = productPath(product.slug);
  const first = (page - 1) * size + 1;
  const summary = product.count === 0
    ? 'No articles.'
    : `${plural(product.count, 'article')}, newest first. Showing ${formatCount(first)}–${formatCount(first + articles.length - 1)}.`;

  const main: ElementContent[] = [
    h('nav.breadcrumbs', { ariaLabel: 'Breadcrumb' }, h('ol', [
      h('li', h('a', { href: href(ctx, '/') }, 'Home')),
      h('li', h('span', { ariaCurrent: 'page' }, product.name)),
    ])),
    h('h1', product.name),
    h('p.list-summary', summary),
    h('ol.article-list', { start: first }, articles.map((a) => h('li', [
      h('a', { href: href(ctx, a.permalink) }, [h('span', a.id), ' ', a.title]),
      ...(a.lastModified ? [' ', h('time', { dateTime: a.lastModified }, formatDate(a.lastModified))] : []),
    ]))),
    ...pager(ctx, listPath, page, pages),
  ];
  return renderDocument(ctx, {
    title: page > 1 ? `${product.name} (page ${page} of ${pages})` : product.name,
    path: pagePath(listPath, page),
    description: `${plural(product.count, 'knowledge-base article')} about ${product.name}.`,
    main,
  });
}
