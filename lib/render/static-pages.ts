/**
 * The static HTML pages of the site and which renderer draws each: articles at their permalinks,
 * product list pages, one page per cited error code. The one place the renderers meet the store.
 */
import 'server-only';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { getStoredArticle, getSiteData, type SiteData } from '../build/store';
import type { RenderContext } from './context';
import { lookupCode } from '../error-codes';
import { renderArticlePage } from './article-page';
import { renderErrorPage, type ErrorPageInput } from './error-page';
import { renderErrorFamilyPage, renderErrorIndexPage, type CodeSummary } from './error-index-page';
import { relatedArticles } from './related';
import { ERROR_INDEX_PATH, errorCodePath, errorFamilyPath, readErrorPath } from '../routes';
import { pageCount, pagePath, pageSlice } from './pagination';
import { productPath, renderProductPage } from './product-page';
import { SEARCH_PATH } from '../search/page-text';
import { renderSearchPage } from './search-page';
import { groupByBucket, renderBucketIndexPage, renderBucketPage, renderProductIndexPage } from './list-pages';
import { renderHomePage, type HomePageInput } from './home-page';
import { BUCKET_INDEX_PATH, HOME_PATH, PRODUCT_INDEX_PATH, bucketOfPath, bucketOfPermalink, bucketPath } from '../routes';
import { siteIndex } from './site-context';

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
function searchChunk(): string | undefined {
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

/**
 * An article page and what it is drawn from: the record as stored and its related lists (`data`,
 * one string), and the render context, whose lookups (`articleById`, `productPath`) are its only
 * other inputs. The page workers hash these to tell an unchanged page without drawing it
 * (lib/build/page-inputs.ts). Null when the path is no article's.
 */
export interface ArticlePageSource {
  data: string;
  ctx: RenderContext;
  render(ctx: RenderContext): string;
}

export function articlePageSource(sitePath: string, config: Config): ArticlePageSource | null {
  if (sitePath === SEARCH_PATH || sitePath === HOME_PATH) return null;
  const stored = getStoredArticle(sitePath);
  if (!stored) return null;
  const index = siteIndex(getSiteData(), config);
  const { record } = stored;
  const { citedBy, byCode, similar } = relatedArticles(record, index.related);
  return {
    data: `${stored.text}\0${JSON.stringify([citedBy, byCode, similar])}`,
    ctx: index.ctx,
    render: (ctx) => renderArticlePage({ record, citedBy, related: { byCode, similar } }, ctx),
  };
}

/** Renders the page at a site path, or null when there is none. */
export async function renderStaticPage(sitePath: string, config: Config): Promise<string | null> {
  const site = getSiteData();
  const index = siteIndex(site, config);
  if (sitePath === SEARCH_PATH) return renderSearchPage(index.ctx, searchChunk());
  if (sitePath === HOME_PATH) return renderHomePage(homePageInput(site), index.ctx);

  const article = articlePageSource(sitePath, config);
  if (article) return article.render(article.ctx);

  if (sitePath === ERROR_INDEX_PATH) return renderErrorIndexPage(codeSummaries(site), index.ctx);
  const errorPage = readErrorPath(sitePath);
  if (errorPage && 'family' in errorPage) {
    const codes = codeSummaries(site);
    return codes.some((c) => c.family === errorPage.family) ? renderErrorFamilyPage(errorPage.family, codes, index.ctx) : null;
  }

  if (sitePath === PRODUCT_INDEX_PATH) return renderProductIndexPage(site.products, index.ctx);
  const buckets = bucketsOf(site);
  if (sitePath === BUCKET_INDEX_PATH) return renderBucketIndexPage([...buckets].map(([bucket, list]) => ({ bucket, count: list.length })), index.ctx);
  const bucket = bucketOfPath(sitePath);
  const inBucket = bucket === null ? undefined : buckets.get(bucket);
  if (bucket !== null && inBucket) {
    const keys = [...buckets.keys()];
    const at = keys.indexOf(bucket);
    return renderBucketPage({ bucket, articles: inBucket, previous: keys[at - 1], next: keys[at + 1] }, index.ctx);
  }

  const product = PRODUCT_PAGE.exec(sitePath);
  if (product) {
    const info = index.productBySlug.get(product[1] ?? '');
    const page = Number(product[2] ?? 1);
    if (!info || page < 1 || page > pageCount(info.count)) return null;
    const articles = pageSlice(index.articlesOf(info.slug), page);
    return renderProductPage({ product: info, page, articles }, index.ctx);
  }

  const key = errorPage && 'key' in errorPage ? errorPage.key : undefined;
  const entry = key && Object.hasOwn(site.errorIndex, key) ? site.errorIndex[key] : undefined;
  if (key && entry) return renderErrorPage(errorPageInput(key, entry, index.byId), index.ctx);
  return null;
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
