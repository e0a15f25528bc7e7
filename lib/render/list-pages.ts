/**
 * The pages a trimmed address leads to: `/kb/155/` lists the articles of bucket 155 (the folder
 * their permalinks share), `/kb/` lists the buckets, `/product/` lists every product. Plain static
 * HTML like the product pages; one page per bucket (308 for the archive, up to a thousand links each).
 */
import { h } from 'hastscript';
import type { ElementContent } from 'hast';
import { BUCKET_INDEX_PATH, PRODUCT_INDEX_PATH, bucketPath, productPath } from '../routes';
import { href, type ArticleLink, type RenderContext } from './context';
import { formatCount, formatDate, plural } from './format';
import { renderDocument } from './layout';

function breadcrumbs(ctx: RenderContext, trail: Array<{ label: string; path?: string }>): ElementContent {
  return h('nav.breadcrumbs', { ariaLabel: 'Breadcrumb' }, h('ol', [
    h('li', h('a', { href: href(ctx, '/') }, 'Home')),
    ...trail.map((t) => h('li', t.path ? h('a', { href: href(ctx, t.path) }, t.label) : h('span', { ariaCurrent: 'page' }, t.label))),
  ]));
}

function articleList(ctx: RenderContext, articles: readonly ArticleLink[]): ElementContent {
  return h('ol.article-list', articles.map((a) => h('li', [
    h('a', { href: href(ctx, a.permalink) }, [h('span', a.id), ' ', a.title]),
    ...(a.lastModified ? [' ', h('time', { dateTime: a.lastModified }, formatDate(a.lastModified))] : []),
  ])));
}

export interface BucketPageInput {
  bucket: string;
  /** the bucket's articles, in order */
  articles: readonly ArticleLink[];
  previous?: string;
  next?: string;
}

/** `/kb/155/`: the articles whose permalinks live in bucket 155, with links to the neighbouring buckets. */
export function renderBucketPage(input: BucketPageInput, ctx: RenderContext): string {
  const { bucket, articles } = input;
  const neighbours: ElementContent[] = [];
  if (input.previous) neighbours.push(h('li', h('a', { href: href(ctx, bucketPath(input.previous)), rel: 'prev' }, `Previous: ${input.previous}`)));
  if (input.next) neighbours.push(h('li', h('a', { href: href(ctx, bucketPath(input.next)), rel: 'next' }, `Next: ${input.next}`)));
  return renderDocument(ctx, {
    title: `Articles in /kb/${bucket}/`,
    path: bucketPath(bucket),
    description: `${plural(articles.length, 'article')} whose addresses start with /kb/${bucket}/.`,
    main: [
      breadcrumbs(ctx, [{ label: 'Articles by number', path: BUCKET_INDEX_PATH }, { label: bucket }]),
      h('h1', `Articles in /kb/${bucket}/`),
      h('p.list-summary', `${plural(articles.length, 'article')}, by number.`),
      articleList(ctx, articles),
      ...(neighbours.length ? [h('nav.pager', { ariaLabel: 'Buckets' }, h('ol', neighbours))] : []),
    ],
  });
}

/** `/kb/`: every bucket with its article count. */
export function renderBucketIndexPage(buckets: ReadonlyArray<{ bucket: string; count: number }>, ctx: RenderContext): string {
  const total = buckets.reduce((n, b) => n + b.count, 0);
  return renderDocument(ctx, {
    title: 'Articles by number',
    path: BUCKET_INDEX_PATH,
    description: `${plural(total, 'article')} in ${plural(buckets.length, 'folder')} by article number.`,
    main: [
      breadcrumbs(ctx, [{ label: 'Articles by number' }]),
      h('h1', 'Articles by number'),
      h('p.list-summary', `Article Q155738 lives at /kb/155/Q155738/: the first three digits of its number, padded to six. ${formatCount(total)} articles in ${formatCount(buckets.length)} folders.`),
      h('ul.bucket-list', buckets.map((b) => h('li', [h('a', { href: href(ctx, bucketPath(b.bucket)) }, `/kb/${b.bucket}/`), ` ${plural(b.count, 'article')}`]))),
    ],
  });
}

/** `/product/`: every product with its article count, the largest first. */
export function renderProductIndexPage(products: ReadonlyArray<{ name: string; slug: string; count: number }>, ctx: RenderContext): string {
  const sorted = [...products].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return renderDocument(ctx, {
    title: 'Products',
    path: PRODUCT_INDEX_PATH,
    description: `${plural(products.length, 'product')} with knowledge-base articles.`,
    main: [
      breadcrumbs(ctx, [{ label: 'Products' }]),
      h('h1', 'Products'),
      h('p.list-summary', `${plural(products.length, 'product')}, the most written about first.`),
      h('ul.product-index', sorted.map((p) => h('li', [h('a', { href: href(ctx, productPath(p.slug)) }, p.name), ` ${plural(p.count, 'article')}`]))),
    ],
  });
}

/** The site's articles grouped by bucket (permalinks outside `/kb/<3 digits>/` belong to none), buckets in order. */
export function groupByBucket<T extends { permalink: string; id: string }>(articles: readonly T[], bucketOf: (permalink: string) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const a of articles) {
    const bucket = bucketOf(a.permalink);
    if (bucket === null) continue;
    const list = groups.get(bucket) ?? groups.set(bucket, []).get(bucket)!;
    list.push(a);
  }
  const byNumber = (a: T, b: T) => Number(a.id.replace(/\D/g, '')) - Number(b.id.replace(/\D/g, '')) || a.id.localeCompare(b.id);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.sort(byNumber)]));
}
