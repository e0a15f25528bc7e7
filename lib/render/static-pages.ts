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
import { errorPath, renderErrorPage, type ErrorPageInput } from './error-page';
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
  for (const key of Object.keys(site.errorIndex)) paths.push(errorPath(key));
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
const ERROR_PAGE = /^\/error\/(.+)\/$/;

/** Renders the page at a site path, or null when there is none. */
export async function renderStaticPage(sitePath: string, config: Config): Promise<string | null> {
  const site = getSiteData();
  const index = siteIndex(site, config);
  if (sitePath === SEARCH_PATH) return renderSearchPage(index.ctx, searchChunk());

  const record = getArticleByPermalink(sitePath);
  if (record) return renderArticlePage({ record, citedBy: index.citedBy(record.id) }, index.ctx);

  const product = PRODUCT_PAGE.exec(sitePath);
  if (product) {
    const info = index.productBySlug.get(product[1] ?? '');
    const page = Number(product[2] ?? 1);
    if (!info || page < 1 || page > pageCount(info.count)) return null;
    const articles = pageSlice(index.articlesOf(info.slug), page);
    return renderProductPage({ product: info, page, articles }, index.ctx);
  }

  const code = ERROR_PAGE.exec(sitePath);
  const entry = code?.[1] ? site.errorIndex[code[1]] : undefined;
  if (code?.[1] && entry) return renderErrorPage(errorPageInput(code[1], entry, index.byId), index.ctx);
  return null;
}

type ErrorEntry = SiteData['errorIndex'][string];

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
    // the store's error index may carry the spellings seen; shown when it does
    spellings: 'spellings' in entry && Array.isArray(entry.spellings) ? (entry.spellings as string[]) : undefined,
    articles,
  };
}
