/**
 * The document shell of every static HTML page (home, articles, products, error codes, search, 404): head tags for
 * browsers and crawlers, the shared header and footer, and the scripts, serialized from a hast tree
 * so that every piece of content is escaped by construction.
 */
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Element, ElementContent, Root } from 'hast';
import { absoluteUrl, href, type RenderContext } from './context';
import { siteFooter, siteHeader, skipLink } from './chrome';
import { safeJsonForScript } from './json-ld';
import { THEME_BOOT_SCRIPT } from './theme-script';

export interface DocumentOptions {
  /** the page title without the site name */
  title: string;
  /** the whole <title> when it is not `<title> · <site name>` (the home page's is the site name) */
  fullTitle?: string;
  /** the page's site path, e.g. `/kb/155/Q155738/` (canonical link); null for a page with no address of its own (404) */
  path: string | null;
  description?: string;
  /** og:type: `article` for articles, `website` otherwise */
  ogType?: 'article' | 'website';
  /** structured data (JSON-LD), serialized safely */
  jsonLd?: Record<string, unknown>;
  /** the content of <main> */
  main: ElementContent[];
  /** robots meta, e.g. `noindex` for pages whose content depends on the URL's query */
  robots?: string;
  /**
   * the OpenSearch link (`<link rel="search">`), on the pages where a reader searches (home, search):
   * a browser that sees it once offers the site as a search engine, so the other 60,000 pages need not repeat it
   */
  openSearch?: boolean;
  /** ES modules a script of the page imports at once (site paths): fetched and compiled while the page parses */
  modulePreload?: string[];
  /** extra scripts (site paths) loaded with defer, after kb.js (every page's one script, client/page.ts) */
  scripts?: string[];
  /**
   * constant inline scripts (never built from content) run in <head> right after the theme script,
   * before anything is drawn: the home and 404 pages' address redirects go here
   */
  headScripts?: string[];
}

// about what a search result shows of it (~920 px of text, 155-160 characters): the rest was never read
const DESCRIPTION_MAX = 160;

/** Cuts a description to a length search engines and link previews show. */
export function shortDescription(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= DESCRIPTION_MAX) return flat;
  const cut = flat.slice(0, DESCRIPTION_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > DESCRIPTION_MAX / 2 ? cut.slice(0, space) : cut) + '…';
}

/** Builds the whole page as a hast root (exported for tests that inspect the tree). */
export function documentTree(ctx: RenderContext, opts: DocumentOptions): Root {
  const url = opts.path === null ? null : absoluteUrl(ctx, opts.path);
  const description = opts.description ? shortDescription(opts.description) : undefined;
  // Open Graph: only what a link preview cannot take from elsewhere; og:url and og:description would
  // repeat the canonical link and the description meta, which previews fall back to
  const head: Element[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', opts.fullTitle ?? `${opts.title} · ${ctx.siteName}`),
    // at the root the scripts' built-in base path ('') says the same: the tag is only needed under a sub-path
    ...(ctx.basePath ? [h('meta', { name: 'kb-base-path', content: ctx.basePath })] : []),
    ...(url ? [h('link', { rel: 'canonical', href: url })] : []),
    h('link', { rel: 'stylesheet', href: href(ctx, '/assets/kb.css') }),
    h('link', { rel: 'icon', type: 'image/svg+xml', href: href(ctx, '/assets/icon.svg') }),
    ...(opts.openSearch ? [h('link', { rel: 'search', type: 'application/opensearchdescription+xml', href: href(ctx, '/opensearch.xml'), title: ctx.siteName })] : []),
    h('meta', { property: 'og:title', content: opts.title }),
    h('meta', { property: 'og:type', content: opts.ogType ?? 'website' }),
    h('meta', { property: 'og:site_name', content: ctx.siteName }),
  ];
  if (description) head.push(h('meta', { name: 'description', content: description }));
  if (opts.robots) head.push(h('meta', { name: 'robots', content: opts.robots }));
  head.push(h('script', THEME_BOOT_SCRIPT));
  for (const script of opts.headScripts ?? []) head.push(h('script', script));
  if (opts.jsonLd) head.push(h('script', { type: 'application/ld+json' }, safeJsonForScript(opts.jsonLd)));
  for (const module of opts.modulePreload ?? []) head.push(h('link', { rel: 'modulepreload', href: href(ctx, module) }));
  const scripts = ['/assets/kb.js', ...(opts.scripts ?? [])];
  for (const src of scripts) head.push(h('script', { src: href(ctx, src), defer: true }));

  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      // marks the route handler's static pages: their header box may open the search page in place
      h('html', { lang: 'en', dataKbPage: 'static' }, [
        h('head', head),
        h('body', [skipLink(), siteHeader(ctx), h('main#main', { tabIndex: -1 }, opts.main), siteFooter(ctx)]),
      ]),
    ],
  };
}

/** An element's start tag alone, e.g. `<html lang="en">`. */
function startTag(element: Element): string {
  const html = toHtml({ ...element, children: [] });
  return html.slice(0, html.length - `</${element.tagName}>`.length);
}

/**
 * Serializes a page. With `omitOptionalTags` (the default) the end tags HTML lets a parser infer
 * (`</p>`, `</li>`, `</dt>`, `</dd>`, `</td>`…) are left out, as hast-util-to-html knows the spec's
 * rules: the browser builds the very same DOM (an e2e test compares the two), and 60,000 pages are
 * spared a few hundred bytes each. `<html>`, `<head>` and `<body>` are always written, start and
 * end, for the tools that read the export (the offline copy's script goes after `<head>`).
 */
export function serializeDocument(tree: Root, omitOptionalTags = true): string {
  if (!omitOptionalTags) return toHtml(tree);
  return tree.children.map((node) => {
    if (node.type !== 'element' || node.tagName !== 'html') return toHtml(node);
    const parts = node.children.map((part) =>
      part.type === 'element' ? `${startTag(part)}${toHtml(part.children, { omitOptionalTags: true })}</${part.tagName}>` : toHtml(part));
    return `${startTag(node)}${parts.join('')}</html>`;
  }).join('');
}

/** Renders a complete static HTML page. */
export function renderDocument(ctx: RenderContext, opts: DocumentOptions): string {
  return serializeDocument(documentTree(ctx, opts));
}
