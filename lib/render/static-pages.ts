/**
 * The static HTML pages of the site and which renderer draws each: articles at their permalinks,
 * product list pages, one page per cited error code. The one place the renderers meet the store.
 */
import 'server-only';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { getArticleByPermalink, getSiteData, type SiteData } from '../build/store';
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
import { siteIndex } from './site-context';

type Config = { basePath: string; siteUrl: string };

/** Every static page's site path (`/kb/155/Q155738/`, `/product/x/page/2/`, `/error/winsock/wsaenotsock/`, `/search/`). */
export async function listStaticPages(): Promise<string[]> {
  const site = getSiteData();
  const paths = [SEARCH_PATH, ...site.articles.map((a) => a.permalink)];
  for (const product of site.products) {
    for (let n = 1; n <= pageCount(product.count); n++) paths.push(pagePath(productPath(product.slug), n));
  }
  paths.push(ERROR_INDEX_PATH);
  for (const family of new Set(Object.values(site.errorIndex).map((e) => e.family))) paths.push(errorFamilyPath(family));
  for (const key of Object.keys(site.errorIndex)) paths.push(errorCodePath(key));
  return paths;
}

/** The search bundle scripts/bundle-client.ts wrote into public/assets/ before next build, if any. */
function searchChunk(): string | undefined {
  try {
    return readdirSync(path.join(process.cwd(), 'public', 'assets')).find((name) => /^search-[0-9a-f]{10}\.js$/.test(name));
  } catch {
    return undefined;
  }
}

const PRODUCT_PAGE = /^\/product\/([^/]+)\/(?:page\/(\d+)\/)?$/;

/** Renders the page at a site path, or null when there is none. */
export async function renderStaticPage(sitePath: string, config: Config): Promise<string | null> {
  const site = getSiteData();
  const index = siteIndex(site, config);
  if (sitePath === SEARCH_PATH) return renderSearchPage(index.ctx, searchChunk());

  const record = getArticleByPermalink(sitePath);
  if (record) {
    const { citedBy, byCode, similar } = relatedArticles(record, index.related);
    return renderArticlePage({ record, citedBy, related: { byCode, similar } }, index.ctx);
  }

  if (sitePath === ERROR_INDEX_PATH) return renderErrorIndexPage(codeSummaries(site), index.ctx);
  const errorPage = readErrorPath(sitePath);
  if (errorPage && 'family' in errorPage) {
    const codes = codeSummaries(site);
    return codes.some((c) => c.family === errorPage.family) ? renderErrorFamilyPage(errorPage.family, codes, index.ctx) : null;
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
