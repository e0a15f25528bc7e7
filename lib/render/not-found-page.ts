/**
 * The 404 page (out/404.html, which static hosts serve for any unknown path): static HTML like the
 * other pages, no framework on the client. Hand-typed article addresses (/kb/Q155738/, /q155738,
 * /KB155738…) are resolved by the small script /assets/alias.js (client/alias.ts), which redirects to
 * the permalink or fills in the "search for what you typed" link. Without JavaScript the page explains
 * the address scheme and offers the search form.
 */
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
