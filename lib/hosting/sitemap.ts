/**
 * sitemap.xml per the sitemaps.org protocol: one urlset while the site has at most 50,000 URLs,
 * otherwise a sitemap index pointing at `sitemap-1.xml`, `sitemap-2.xml`… (each at most 50,000 URLs).
 * https://www.sitemaps.org/protocol.html#index
 */
import { absoluteSiteUrl, escapeXml } from './xml';

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** the protocol's limit per file */
export const MAX_URLS_PER_SITEMAP = 50_000;

export interface SitemapEntry {
  /** site path with leading slash, without the base path: `/kb/155/Q155738/` */
  path: string;
  /** ISO date `2001-08-09`, or null */
  lastModified?: string | null;
}

export interface SitemapFile {
  /** file name relative to the site root: `sitemap.xml`, `sitemap-1.xml` */
  name: string;
  xml: string;
}

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A W3C datetime the protocol accepts, or null for anything that is not a plain calendar date. */
function lastmod(value: string | null | undefined): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

function urlset(entries: SitemapEntry[], siteUrl: string): string {
  const lines = entries.map((e) => {
    const mod = lastmod(e.lastModified);
    const loc = `<loc>${escapeXml(absoluteSiteUrl(siteUrl, e.path))}</loc>`;
    return `  <url>${loc}${mod ? `<lastmod>${mod}</lastmod>` : ''}</url>`;
  });
  return `${HEADER}<urlset xmlns="${SITEMAP_NS}">\n${lines.join('\n')}\n</urlset>\n`;
}

/** Builds the sitemap file(s) for the given pages; `maxPerFile` is lowered only by tests. */
export function buildSitemaps(entries: SitemapEntry[], siteUrl: string, maxPerFile = MAX_URLS_PER_SITEMAP): SitemapFile[] {
  if (!/^https?:\/\//.test(siteUrl)) throw new Error(`sitemap: site URL must be absolute (http or https), got "${siteUrl}"`);
  if (entries.length <= maxPerFile) return [{ name: 'sitemap.xml', xml: urlset(entries, siteUrl) }];
  const parts: SitemapFile[] = [];
  for (let start = 0; start < entries.length; start += maxPerFile) {
    parts.push({ name: `sitemap-${parts.length + 1}.xml`, xml: urlset(entries.slice(start, start + maxPerFile), siteUrl) });
  }
  const newest = entries.map((e) => lastmod(e.lastModified)).filter((d): d is string => d !== null).sort().at(-1);
  const refs = parts.map(
    (p) => `  <sitemap><loc>${escapeXml(absoluteSiteUrl(siteUrl, `/${p.name}`))}</loc>${newest ? `<lastmod>${newest}</lastmod>` : ''}</sitemap>`,
  );
  const index = `${HEADER}<sitemapindex xmlns="${SITEMAP_NS}">\n${refs.join('\n')}\n</sitemapindex>\n`;
  return [{ name: 'sitemap.xml', xml: index }, ...parts];
}
