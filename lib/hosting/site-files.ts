/**
 * The small text files crawlers and browsers ask for: robots.txt and the OpenSearch 1.1 description
 * that lets a browser add the site as a search engine ("kb 10038" → /search/?q=10038).
 * https://github.com/dewitt/opensearch/blob/master/opensearch-1-1-draft-6.md
 */
import { absoluteSiteUrl, escapeXml } from './xml';

export const OPENSEARCH_NS = 'http://a9.com/-/spec/opensearch/1.1/';

/** robots.txt: everything may be crawled; points at the sitemap. */
export function buildRobotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteSiteUrl(siteUrl, '/sitemap.xml')}\n`;
}

export interface OpenSearchOptions {
  siteUrl: string;
  /** at most 16 characters per the spec */
  shortName?: string;
  description?: string;
}

/** The OpenSearch description document (`opensearch.xml`). */
export function buildOpenSearchXml(opts: OpenSearchOptions): string {
  const shortName = (opts.shortName ?? 'KB Archive').slice(0, 16);
  const description = (opts.description ?? 'Search the Microsoft Knowledge Base archive by words, article number or error code.').slice(0, 1024);
  // {searchTerms} must stay literal: escape the URL, then put the template parameter in
  const template = `${escapeXml(absoluteSiteUrl(opts.siteUrl, '/search/'))}?q={searchTerms}`;
  const self = escapeXml(absoluteSiteUrl(opts.siteUrl, '/opensearch.xml'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<OpenSearchDescription xmlns="${OPENSEARCH_NS}">`,
    `  <ShortName>${escapeXml(shortName)}</ShortName>`,
    `  <Description>${escapeXml(description)}</Description>`,
    '  <InputEncoding>UTF-8</InputEncoding>',
    '  <OutputEncoding>UTF-8</OutputEncoding>',
    `  <Url type="text/html" method="get" template="${template}"/>`,
    `  <Url type="application/opensearchdescription+xml" rel="self" template="${self}"/>`,
    '</OpenSearchDescription>',
    '',
  ].join('\n');
}
