/**
 * The static HTML pages of the site and which renderer draws each: articles at their permalinks,
 * product list pages, one page per cited error code. The one place the renderers meet the store.
 */
import 'server-only';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { getStoredArticle, getStoredDigest, getSiteData, type SiteData } from '../build/store';
import type { RenderContext } from './context';
import { lookupCode } from '../error-codes';
import { renderArticlePage } from './article-page';
import { renderErrorPage, type ErrorPageInput } from './error-page';
import { renderErrorFamilyPage, renderErrorIndexPage, type CodeSummary } from './error-index-page';
import { relatedArticles, type RelatedSources } from './related';
import { ERROR_INDEX_PATH, errorCodePath, errorFamilyPath, readErrorPath } from '../routes';
import { pageCount, pagePath, pageSlice } from './pagination';
import { productPath, renderProductPage } from './product-page';
import { SEARCH_PATH } from '../search/page-text';
import { renderSearchPage } from './search-page';
import { groupByBucket, renderBucketIndexPage, renderBucketPage, renderProductIndexPage } from './list-pages';
import { renderHomePage, type HomePageInput } from './home-page';
import { BUCKET_INDEX_PATH, HOME_PATH, PRODUCT_INDEX_PATH, bucketOfPath, bucketOfPermalink, bucketPath } from '../routes';
import { siteIndex, type SiteIndex } from './site-context';
import { idKey } from '../build/load-dedupe';
import type { ArticleRecord } from '../parse/types';

type Config = { basePath: string; siteUrl: string };

/** Every static page's site path (`/`, `/kb/155/Q155738/`, `/product/x/page/2/`, `/error/winsock/wsaenotsock/`, `/search/`). */
export async function listStaticPages(): Promise<string[]> {
  const site = getSiteData();
  const paths = [HOME_PATH, SEARCH_PATH, ...site.articles.map((a) => a.permalink)];
  for (const product of site.products) {
    for (let n = 1; n <= pageCount(product.count); n++) paths.push(pagePath(productPath(product.slug), n));
  }
  paths.push(ERROR_INDEX_PATH);
  for (const family of new Set(Object.values(site.errorIndex).map((e) => e.family))) paths.push(errorFamilyPath(family));
  for (const key of Object.keys(site.errorIndex)) paths.push(errorCodePath(key));
  // trimmed addresses lead somewhere: /kb/, /kb/<bucket>/, /product/ (a page already at that path wins)
  const taken = new Set(paths);
  const lists = [BUCKET_INDEX_PATH, PRODUCT_INDEX_PATH, ...[...bucketsOf(site).keys()].map(bucketPath)];
  for (const p of lists) if (!taken.has(p)) paths.push(p);
  return paths;
}

/**
 * The static pages `next build` renders through the route handler when `npm run build` writes the
 * rest on its own worker threads (lib/build/write-pages.ts); `next dev` serves every page.
 */
export const ROUTE_SHELL_PAGES: readonly string[] = [SEARCH_PATH];

/** The search bundle scripts/bundle-client.ts wrote into public/assets/ before next build, if any. */
export function searchChunk(): string | undefined {
  try {
    return readdirSync(path.join(process.cwd(), 'public', 'assets')).find((name) => /^search-[0-9a-f]{10}\.js$/.test(name));
  } catch {
    return undefined;
  }
}

/** The site's articles by bucket, computed once per site data (every page render asks). */
const bucketCache = new WeakMap<SiteData, Map<string, SiteData['articles']>>();
function bucketsOf(site: SiteData): Map<string, SiteData['articles']> {
  let buckets = bucketCache.get(site);
  if (!buckets) bucketCache.set(site, (buckets = groupByBucket(site.articles, bucketOfPermalink)));
  return buckets;
}

const PRODUCT_PAGE = /^\/product\/([^/]+)\/(?:page\/(\d+)\/)?$/;

/** The lookups a page may make while drawn: the render context's, and an article's related-list sources. */
export interface PageLookups {
  ctx: RenderContext;
  related: RelatedSources;
}

/**
 * A page and what it is drawn from: `data` (values: the kind of page, then a digest of the stored
 * record for an article, or what a list page lists) and the answers its `lookups` give; `render`
 * draws it from those alone. The page workers hash both to tell an unchanged page without drawing
 * it (lib/build/page-inputs.ts). Null when no page is at the path.
 */
export interface PageSource {
  data: unknown[];
  lookups: PageLookups;
  render(lookups: PageLookups): string;
}

/** One PageLookups per site index: the page workers key what they compute once per site by it. */
const lookupsCache = new WeakMap<object, PageLookups>();

/** The lookups of a site index's pages (one object per index). */
export function pageLookups(index: Pick<SiteIndex, 'ctx' | 'related'>): PageLookups {
  let lookups = lookupsCache.get(index);
  if (!lookups) lookupsCache.set(index, (lookups = { ctx: index.ctx, related: index.related }));
  return lookups;
}

/** An article's page from its record and the answers of its lookups (its PageSource's render; the page workers' quick rebuild). */
export function renderArticle(record: ArticleRecord, { ctx, related }: PageLookups): string {
  const { citedBy, byCode, similar } = relatedArticles(record, related);
  return renderArticlePage({ record, citedBy, related: { byCode, similar } }, ctx);
}

/** The page at a site path and what it is drawn from, or null when there is none. */
export function pageSource(sitePath: string, config: Config): PageSource | null {
  const site = getSiteData();
  const index = siteIndex(site, config);
  const lookups = pageLookups(index);
  const page = (data: unknown[], render: (ctx: RenderContext) => string): PageSource => ({ data, lookups, render: (l) => render(l.ctx) });
  if (sitePath === SEARCH_PATH) {
    const chunk = searchChunk();
    return page(['search', chunk ?? null], (ctx) => renderSearchPage(ctx, chunk));
  }
  if (sitePath === HOME_PATH) {
    const input = homePageInput(site);
    return page(['home', input], (ctx) => renderHomePage(input, ctx));
  }

  const digest = getStoredDigest(sitePath);
  if (digest !== null) {
    return {
      data: ['article', digest],
      lookups,
      render: (l) => {
        const stored = getStoredArticle(sitePath);
        if (!stored) throw new Error(`the store lost the record of ${sitePath} while drawing it`);
        return renderArticle(stored.record, l);
      },
    };
  }

  if (sitePath === ERROR_INDEX_PATH) {
    const codes = codeSummaries(site);
    return page(['error-index', codes], (ctx) => renderErrorIndexPage(codes, ctx));
  }
  const errorPage = readErrorPath(sitePath);
  if (errorPage && 'family' in errorPage) {
    const codes = codeSummaries(site);
    if (!codes.some((c) => c.family === errorPage.family)) return null;
    return page(['error-family', errorPage.family, codes], (ctx) => renderErrorFamilyPage(errorPage.family, codes, ctx));
  }

  if (sitePath === PRODUCT_INDEX_PATH) return page(['product-index', site.products], (ctx) => renderProductIndexPage(site.products, ctx));
  const buckets = bucketsOf(site);
  if (sitePath === BUCKET_INDEX_PATH) {
    const counts = [...buckets].map(([bucket, list]) => ({ bucket, count: list.length }));
    return page(['bucket-index', counts], (ctx) => renderBucketIndexPage(counts, ctx));
  }
  const bucket = bucketOfPath(sitePath);
  const inBucket = bucket === null ? undefined : buckets.get(bucket);
  if (bucket !== null && inBucket) {
    const keys = [...buckets.keys()];
    const at = keys.indexOf(bucket);
    const input = { bucket, articles: inBucket, previous: keys[at - 1], next: keys[at + 1] };
    return page(['bucket', input.bucket, input.articles, input.previous ?? null, input.next ?? null], (ctx) => renderBucketPage(input, ctx));
  }

  const product = PRODUCT_PAGE.exec(sitePath);
  if (product) {
    const info = index.productBySlug.get(product[1] ?? '');
    const n = Number(product[2] ?? 1);
    if (!info || n < 1 || n > pageCount(info.count)) return null;
    const articles = pageSlice(index.articlesOf(info.slug), n);
    return page(['product', info, n, articles], (ctx) => renderProductPage({ product: info, page: n, articles }, ctx));
  }

  const key = errorPage && 'key' in errorPage ? errorPage.key : undefined;
  const entry = key && Object.hasOwn(site.errorIndex, key) ? site.errorIndex[key] : undefined;
  if (key && entry) {
    // the rest of the page's input comes from the code table, which is part of the render code
    const articles = entry.articles.map(({ id }) => index.byId.get(id) ?? null);
    return page(['error', key, entry, articles], (ctx) => renderErrorPage(errorPageInput(key, entry, index.byId), ctx));
  }
  return null;
}

/**
 * What changed in the site data as the list pages read it (lib/build/site-snapshot.ts siteChanges):
 * the metadata, before and after, of the articles added, removed or changed, their ID keys, the
 * product names whose entry changed, the error-code keys whose entry changed.
 */
export interface ListChanges {
  articles: readonly { permalink: string; products: readonly string[]; errorCodes: readonly string[] }[];
  ids: ReadonlySet<string>;
  products: ReadonlySet<string>;
  codes: ReadonlySet<string>;
}

/**
 * Whether the page at a site path, not an article, may be drawn from other data after `changes` (the
 * rest of the site data as it was): what pageSource above gives each page, read backwards. A page this
 * does not know: true.
 */
export function listPageMayChange(sitePath: string, changes: ListChanges, config: Config): boolean {
  const site = getSiteData();
  const touched = changes.articles;
  if (sitePath === ERROR_INDEX_PATH) return changes.codes.size > 0;
  const errorPage = readErrorPath(sitePath);
  if (errorPage && 'family' in errorPage) return changes.codes.size > 0;
  if (sitePath === PRODUCT_INDEX_PATH) return changes.products.size > 0;
  if (sitePath === BUCKET_INDEX_PATH) return touched.length > 0;
  const bucket = bucketOfPath(sitePath);
  if (bucket !== null && bucketsOf(site).has(bucket)) return bucketsNear(site, changes).has(bucket);
  const product = PRODUCT_PAGE.exec(sitePath);
  const info = product && siteIndex(site, config).productBySlug.get(product[1] ?? '');
  if (info) return changes.products.has(info.name) || touched.some((a) => a.products.includes(info.name));
  const key = errorPage && 'key' in errorPage ? errorPage.key : undefined;
  const entry = key && Object.hasOwn(site.errorIndex, key) ? site.errorIndex[key] : undefined;
  // the page shows the metadata of the article each listed ID leads to (primaryById): any of them changed
  if (key && entry) return changes.codes.has(key) || entry.articles.some((a) => changes.ids.has(idKey(a.id)));
  return true; // the home and search pages (small data), a page of another kind
}

/**
 * The buckets whose page shows a changed article (before or after) or neighbours a bucket that did
 * (a bucket added or emptied changes its neighbours' links), once per changes.
 */
const nearMemo = new WeakMap<ListChanges, Set<string>>();
function bucketsNear(site: SiteData, changes: ListChanges): Set<string> {
  let near = nearMemo.get(changes);
  if (near) return near;
  near = new Set();
  const keys = [...bucketsOf(site).keys()];
  for (const a of changes.articles) {
    const bucket = bucketOfPermalink(a.permalink);
    if (bucket === null) continue;
    near.add(bucket);
    const at = keys.findIndex((k) => k.localeCompare(bucket) >= 0);
    const from = at < 0 ? keys.length : at;
    for (const k of [keys[from - 1], keys[from], keys[from] === bucket ? keys[from + 1] : undefined]) if (k !== undefined) near.add(k);
  }
  nearMemo.set(changes, near);
  return near;
}

/** Renders the page at a site path, or null when there is none. */
export async function renderStaticPage(sitePath: string, config: Config): Promise<string | null> {
  const source = pageSource(sitePath, config);
  return source ? source.render(source.lookups) : null;
}

function homePageInput(site: SiteData): HomePageInput {
  return { articles: site.articles.length, products: site.products, years: site.years, codes: Object.keys(site.errorIndex).length };
}

type ErrorEntry = SiteData['errorIndex'][string];

const summaries = new WeakMap<SiteData, CodeSummary[]>();
/** The cited codes as the index and family pages list them (made once per site object). */
function codeSummaries(site: SiteData): CodeSummary[] {
  let list = summaries.get(site);
  if (!list) {
    list = Object.entries(site.errorIndex).map(([key, e]) => ({ key, name: e.name, family: e.family, value: e.value, count: e.articles.length }));
    summaries.set(site, list);
  }
  return list;
}

function errorPageInput(key: string, entry: ErrorEntry, byId: ReturnType<typeof siteIndex>['byId']): ErrorPageInput {
  // the table's description and HRESULT parts for this exact code (a spelling can match several codes)
  const match = lookupCode(entry.name).find((m) => m.key === key);
  const articles = entry.articles.flatMap(({ id, inTitle }) => {
    const article = byId.get(id);
    return article ? [{ article, inTitle }] : [];
  });
  return {
    key,
    name: entry.name,
    family: entry.family,
    value: entry.value,
    hex: match?.hex ?? `0x${(entry.value >>> 0).toString(16).toUpperCase()}`,
    description: match?.description,
    hresult: match?.hresult && {
      severity: entry.value >= 0x80000000 ? 1 : 0,
      facility: match.hresult.facility,
      facilityName: match.hresult.facilityName,
      code: match.hresult.code,
      codeName: match.hresult.win32,
    },
    spellings: entry.spellings,
    articles,
  };
}
