/**
 * The search page (/search/) as static HTML like the article pages: the heading, a search form that
 * works without JavaScript (a GET to this page), a status line and a hint. The query lives in the URL,
 * so the page itself is one file; the search bundle the header box uses (client/search-page.ts) reads
 * the query and draws the results into it. No React here: a reader who pressed Enter in a header box
 * has that bundle and the query's index files already, so the results need no framework to start.
 * On other static pages the browser builds this same shell in place (`searchShell` in
 * client/search-page.ts; an e2e test compares the two).
 */
import { h } from 'hastscript';
import { SEARCH_FORM_LABEL, SEARCH_HINT, SEARCH_PATH, SEARCH_PLACEHOLDER, SEARCH_TITLE } from '../search/page-text';
import { href, type RenderContext } from './context';
import { renderDocument } from './layout';

/**
 * `searchChunk`: the search bundle's file name (`search-<hash>.js`), preloaded so that it compiles
 * while kb.js, which imports it, is still on its way.
 */
export function renderSearchPage(ctx: RenderContext, searchChunk?: string): string {
  return renderDocument(ctx, {
    title: SEARCH_TITLE,
    path: SEARCH_PATH,
    description: 'Search the archive by article number, error code or the words of a message.',
    robots: 'noindex',
    openSearch: true,
    modulePreload: searchChunk ? [`/assets/${searchChunk}`] : [],
    main: [
      h('div.kb-search-page#kb-search-page', [
        h('h1', SEARCH_TITLE),
        h('form.kb-search.kb-search-main', { role: 'search', ariaLabel: SEARCH_FORM_LABEL, action: href(ctx, SEARCH_PATH), method: 'get' }, [
          h('input', {
            type: 'search',
            name: 'q',
            ariaLabel: 'Search articles',
            autoComplete: 'off',
            placeholder: SEARCH_PLACEHOLDER,
          }),
          h('button.kb-search-submit', { type: 'submit' }, 'Search'),
        ]),
        // drawn from the first paint and kept invisible until results come, so nothing below moves;
        // the browser fills in the products and years (client/search-page.ts)
        h('div.kb-search-filters', { role: 'group', ariaLabel: 'Filters', dataIdle: '' }, [
          h('label', ['Product ', h('select', { name: 'product' }, h('option', { value: '' }, 'All products'))]),
          ' ',
          h('label', ['Year ', h('select', { name: 'year' }, h('option', { value: '' }, 'All years'))]),
        ]),
        // one live region for the whole life of the page: screen readers announce its changes
        h('p.kb-search-status', { role: 'status' }),
        h('div.kb-search-body', [
          h('p.kb-search-hint', SEARCH_HINT),
          h('noscript', h('p', 'Search runs in your browser and needs JavaScript. Every article keeps its own address, such as /kb/155/Q155738/, and the error-code pages list the articles that cite each code.')),
        ]),
      ]),
    ],
  });
}
