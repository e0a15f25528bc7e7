/**
 * How the service worker treats each request, as a pure function so it can be unit-tested without a
 * browser: pages network-first (fresh when online, the cached copy when not), build-hashed Next assets
 * and search-index files cache-first (their names or the cache version change when they change).
 */

export type Strategy = 'page' | 'cache-first' | 'network-first' | 'bypass';

/** The strategy for a GET request URL under the worker's scope (which ends with `/`). */
export function strategyFor(url: URL, scope: URL, isNavigation: boolean): Strategy {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return 'bypass';
  const rest = url.pathname.slice(scope.pathname.length - 1); // keeps the leading slash
  if (rest === '/sw.js' || rest === '/_kb/offline-manifest.json') return 'bypass';
  if (isNavigation || rest.endsWith('/') || rest.endsWith('.html')) return 'page';
  if (rest.startsWith('/_next/static/') || rest.startsWith('/_kb/')) return 'cache-first';
  return 'network-first';
}

/** The cache name for one build: a new build gets a new cache and the old one is deleted. */
export function cacheName(version: string): string {
  return `kb-${version}`;
}

/** The offline manifest written to `/_kb/offline-manifest.json`. */
export interface OfflineManifest {
  version: string;
  cache: string;
  /** site paths without the base path: pages as `/kb/155/Q155738/`, files as `/_kb/search/x.json` */
  files: string[];
  /** total bytes of all listed files, for the progress message */
  bytes: number;
}
