/**
 * The browser's searcher: index files fetched from `<base>/_kb/search/`, once each (the searcher caches).
 * Shared by the search box suggestions and the search page.
 */
import { createSearcher, type Searcher } from '../lib/search/query';
import { withBase } from './base-path';

let searcher: Searcher | null = null;

/** The page's one searcher over the static index files. */
export function browserSearcher(): Searcher {
  if (!searcher) {
    searcher = createSearcher(async (name) => {
      const url = withBase(`/_kb/search/${name}`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`search index: ${url} answered ${response.status}`);
      return response.json() as Promise<unknown>;
    });
  }
  return searcher;
}
