/**
 * The 404 page (out/404.html, which static hosts serve for any unknown path): static HTML like the
 * other pages, no framework on the client. Hand-typed article addresses (/kb/Q155738/, /q155738,
 * /KB155738…) are resolved by the small script /assets/alias.js (client/alias.ts), which redirects to
 * the permalink or fills in the "search for what you typed" link. Without JavaScript the page explains
 * the address scheme and offers the search form.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { h } from 'hastscript';
import type { ElementContent } from 'hast';
import { HOME_PATH, SEARCH_PATH } from '../routes';
import { href, type RenderContext } from './context';
import { renderDocument } from './layout';

/** The content of the 404 page's <main>; alias.js fills the three elements with an id. */
export function notFoundMain(ctx: Pick<RenderContext, 'basePath'>): ElementContent[] {
  return [
    h('div.kb-not-found#kb-not-found', { dataBase: ctx.basePath }, [
      h('h1', 'Page not found'),
      h('p#kb-alias-status', { role: 'status' }, 'No page of the archive lives at this address.'),
      h('p', { hidden: true }, h('a#kb-alias-canonical', { href: href(ctx, HOME_PATH) }, 'Go to the article')),
      // shown from the start (alias.js only changes its words to "Search for “…”"): nothing moves
      h('p', h('a#kb-alias-search', { href: href(ctx, SEARCH_PATH) }, 'Search the archive')),
      h('p', [
        'Articles live at addresses such as ', h('code', '/kb/155/Q155738/'), ': ', h('code', '/kb/'),
        ', the first three digits of the article number padded to six digits, then the ID.',
      ]),
      h('form.kb-search-404', { action: href(ctx, SEARCH_PATH), method: 'get', role: 'search', ariaLabel: 'Search the archive' }, [
        h('label', { htmlFor: 'kb-404-q' }, 'Search for an article number, error code or words'), ' ',
        h('input#kb-404-q', { name: 'q', type: 'search' }), ' ',
        h('button', { type: 'submit' }, 'Search'),
      ]),
      h('p', h('a', { href: href(ctx, HOME_PATH) }, 'Home')),
    ]),
  ];
}

/** Renders the 404 page. `headScripts`: constant inline scripts for its <head> (see DocumentOptions). */
export function renderNotFoundPage(ctx: RenderContext, headScripts: string[] = []): string {
  return renderDocument(ctx, {
    title: 'Page not found',
    // no noindex: the 404 status already keeps it out of indexes, and its markup audits as a page
    path: null,
    description: 'No page of the archive lives at this address. Search the archive by article number, error code or words.',
    headScripts,
    scripts: ['/assets/alias.js'],
    main: notFoundMain(ctx),
  });
}

/**
 * What `next build` exports that no page of the site uses: its React 404 page (`404/index.html` with
 * `trailingSlash`, `_not-found/` with its RSC payloads) and its runtime (`_next/`), which only those
 * two pages load. Every other page is plain HTML with the site's own /assets/ scripts, and Next has
 * no option to leave its not-found route out of an export.
 */
export const NEXT_EXPORT_LEFTOVERS: readonly string[] = ['404', '_not-found', '_next'];

/**
 * After `next build`: writes out/404.html (this page, in place of Next's React one: an export cannot
 * name a route 404.html) and removes Next's leftovers, so the hosting files, the sitemap and the
 * offline copy, written after this, never list them.
 */
export function writeNotFoundPage(outDir: string, ctx: RenderContext): void {
  writeFileSync(path.join(outDir, '404.html'), renderNotFoundPage(ctx));
  for (const name of NEXT_EXPORT_LEFTOVERS) rmSync(path.join(outDir, name), { recursive: true, force: true });
}
