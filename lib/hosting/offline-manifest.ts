/**
 * The precache manifest (`/_kb/offline-manifest.json`) behind "Make available offline": every page
 * (as its directory URL, the address people visit) and every file a page needs (search index, assets,
 * Next's hashed chunks). Pure: a file list in, the manifest out.
 */
import { cacheName, type OfflineManifest } from './sw-routes';

/** files crawlers or the worker itself need, not a reader */
const SKIP = /^(?:sw\.js|robots\.txt|sitemap(?:-\d+)?\.xml|opensearch\.xml|_kb\/offline-manifest\.json)$/;

/** The site path a reader requests for a file of the export; null for files not worth keeping offline. */
export function offlinePathFor(file: string): string | null {
  if (SKIP.test(file)) return null;
  // Next's RSC payloads (`index.txt`, `__next.*.txt`) are fetched with ?_rsc= during client navigation,
  // which falls back to a full page load when they are missing: the HTML is enough offline
  if (file.endsWith('.txt') && !file.startsWith('_kb/')) return null;
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

/** Builds the manifest from the export's files and their sizes. */
export function buildOfflineManifest(files: ReadonlyArray<{ file: string; size: number }>, version: string): OfflineManifest {
  const paths: string[] = [];
  let bytes = 0;
  for (const { file, size } of files) {
    const p = offlinePathFor(file);
    if (p === null) continue;
    paths.push(p);
    bytes += size;
  }
  return { version, cache: cacheName(version), files: paths, bytes };
}
