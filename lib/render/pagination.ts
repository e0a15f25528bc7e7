/**
 * Paged lists (product pages): which slice a page shows and the path of each page. Page 1 lives at
 * the list's own path, page n at `<path>page/<n>/`, so the first page keeps the short URL.
 */

export const PAGE_SIZE = 100;

/** How many pages a list of `count` items needs (at least one, so an empty list still has a page). */
export function pageCount(count: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / size));
}

/** The site path of page `n` (1-based) of a list at `basePath` (with trailing slash). */
export function pagePath(listPath: string, n: number): string {
  return n <= 1 ? listPath : `${listPath}page/${n}/`;
}

/** The items shown on page `n`. */
export function pageSlice<T>(items: T[], n: number, size = PAGE_SIZE): T[] {
  return items.slice((n - 1) * size, n * size);
}
