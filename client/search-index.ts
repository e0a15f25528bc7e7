/**
 * The browser's searcher: index files fetched from `<base>/_kb/search/`, once each (the searcher caches).
 * Shared by the search box suggestions and the search page (one bundle, one searcher per page).
 */
import { createSearcher, type Searcher } from '../lib/search/query';
import { withBase } from './base-path';

/**
 * The page's one searcher over the static index files. Two bundles may carry this module (the
 * search bundle and the file:// copy's classic-script build of it), so the instance lives on the
 * window: whichever runs first makes it, and the search page then answers from what the
 * suggestions already loaded.
 */
export function browserSearcher(): Searcher {
  const page = globalThis as { kbSearcher?: Searcher };
  page.kbSearcher ??= createSearcher(async (name) => {
    const url = withBase(`/_kb/search/${name}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`search index: ${url} answered ${response.status}`);
    return response.json() as Promise<unknown>;
  });
  return page.kbSearcher;
}
