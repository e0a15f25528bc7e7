/**
 * Hosting files written after `next build` (scripts/build.ts calls these): sitemap(s), robots.txt,
 * opensearch.xml, the 404 page's alias map, the browser scripts (alias.js, sw.js) and the
 * offline manifest; and, for `npm run build:offline`, the file:// copy of the export. Server-only.
 */
import { primaryById } from '../build/load-dedupe';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUCKET_INDEX_PATH, ERROR_INDEX_PATH, PRODUCT_INDEX_PATH, bucketOfPermalink, bucketPath, errorCodePath, errorFamilyPath, isImmutablePath } from '../routes';
import type { SiteConfig } from '../site-config';
import { buildAliasData, type AliasArticle } from './alias-data';
import { addressExceptions, addressRedirectScript } from './address-script';
import { redirectsFile } from './host-config/netlify';
import { bundlePageScripts, bundleServiceWorker } from './bundle';
import { copyForFileProtocol } from './offline-copy';
import { buildOfflineManifest } from './offline-manifest';
import { forEachLimit } from './pool';
import { buildOpenSearchXml, buildRobotsTxt } from './site-files';
import { buildSitemaps, type SitemapEntry } from './sitemap';
import { listFiles } from './walk-files';
import type { ListedFile } from '../build/build-state';

/** What hosting needs of the site data (lib/build/store.ts's SiteData has all of it). */
export interface HostingSiteData {
  articles: ReadonlyArray<AliasArticle & { lastModified: string | null }>;
  products?: ReadonlyArray<{ slug: string }>;
  errorIndex?: Readonly<Record<string, unknown>>;
}

type HostingConfig = Pick<SiteConfig, 'basePath' | 'siteUrl'>;

/** The pages a crawler should know: home, every article, and the product and error pages that exist. */
export function sitemapEntries(site: HostingSiteData, pageExists: (sitePath: string) => boolean): SitemapEntry[] {
  const entries: SitemapEntry[] = [{ path: '/' }];
  for (const a of site.articles) entries.push({ path: a.permalink, lastModified: a.lastModified });
  const extra = [
    ...(site.products ?? []).map((p) => `/product/${p.slug}/`),
    ERROR_INDEX_PATH,
    // the family pages (`/error/winsock/`), then the code pages
    ...new Set(Object.keys(site.errorIndex ?? {}).map((key) => errorFamilyPath(key.split('/')[0] ?? ''))),
    ...Object.keys(site.errorIndex ?? {}).map(errorCodePath),
    // the list pages a trimmed address leads to
    PRODUCT_INDEX_PATH, BUCKET_INDEX_PATH,
    ...[...new Set(site.articles.map((a) => bucketOfPermalink(a.permalink)))].flatMap((b) => (b === null ? [] : [bucketPath(b)])).sort(),
  ];
  for (const p of extra) if (pageExists(p)) entries.push({ path: p });
  return entries;
}

/**
 * A build version from the export's content (paths and bytes): same input, same version. Files whose
 * names change with their bytes (isImmutablePath in lib/routes.ts: the search index's ~6,000 files, Next's hashed
 * assets) count by their path alone; the others are read, unless `known` has their digest.
 */
async function contentVersion(outDir: string, files: readonly string[], known: ReadonlyMap<string, string>): Promise<string> {
  const digests = new Array<string>(files.length);
  await forEachLimit(files.map((f, i) => [f, i] as const), 16, async ([file, i]) => {
    digests[i] = isImmutablePath(`/${file}`) ? 'named' : known.get(file) ?? createHash('sha1').update(await readFile(path.join(outDir, file))).digest('base64url');
  });
  const all = createHash('sha1');
  files.forEach((f, i) => all.update(`${f}\0${digests[i]}\n`));
  return all.digest('hex').slice(0, 12);
}

/**
 * Writes every hosting file into the export folder. `pageDigests`: the sha1 (base64url) of pages
 * just written, by file below outDir (`kb/155/Q155738/index.html`), so that the offline version need
 * not read 60,000 pages again; the pages this step rewrites (ADDRESS_SCRIPT_PAGES) are read anyway.
 * Returns every file of outDir as it leaves it, with size and modification time (the build stamps its
 * outputs with that list instead of walking 60,000 folders again).
 */
export async function writeHostingFiles(
  site: HostingSiteData, outDir: string, config: HostingConfig, pageDigests: ReadonlyMap<string, string> = new Map(),
): Promise<ListedFile[]> {
  const pageExists = (p: string) => existsSync(path.join(outDir, ...p.split('/').filter(Boolean), 'index.html'));
  for (const file of buildSitemaps(sitemapEntries(site, pageExists), config.siteUrl)) {
    await writeFile(path.join(outDir, file.name), file.xml);
  }
  await writeFile(path.join(outDir, 'robots.txt'), buildRobotsTxt(config.siteUrl));
  await writeFile(path.join(outDir, 'opensearch.xml'), buildOpenSearchXml({ siteUrl: config.siteUrl }));
  await mkdir(path.join(outDir, '_kb'), { recursive: true });
  // two files may claim one ID: its aliases go to the one its lookups go to (lib/build/load-dedupe.ts)
  const primaries = primaryById(site.articles);
  const aliased = site.articles.filter((a) => primaries.get(a.id) === a);
  const aliasData = buildAliasData(aliased);
  await writeFile(path.join(outDir, '_kb', 'aliases.json'), JSON.stringify(aliasData));
  await injectAddressScript(outDir, addressRedirectScript(config.basePath, addressExceptions(aliased), aliasData.ids));
  // Netlify and Cloudflare Pages read _redirects from the site root
  const numbered = aliased.flatMap((a) => (a.number !== null && a.number > 0 ? [{ number: a.number, permalink: a.permalink }] : []));
  await writeFile(path.join(outDir, '_redirects'), redirectsFile({ basePath: config.basePath, articles: numbered, ids: aliasData.ids }).text);
  await bundlePageScripts(outDir);

  // the worker and the manifest come last: they describe everything else
  const files = (await listFiles(outDir)).filter((f) => f !== 'sw.js' && f !== '_kb/offline-manifest.json');
  const known = new Map(pageDigests);
  for (const page of ADDRESS_SCRIPT_PAGES) known.delete(page);
  const version = await contentVersion(outDir, files, known);
  await bundleServiceWorker(outDir, version);
  const statOf = async (file: string): Promise<ListedFile> => {
    const { size, mtimeMs } = await stat(path.join(outDir, file));
    return { file, size, mtimeMs };
  };
  const sized = await Promise.all(files.map(statOf));
  await writeFile(path.join(outDir, '_kb', 'offline-manifest.json'), JSON.stringify(buildOfflineManifest(sized, version)));
  return [...sized, ...(await Promise.all(['sw.js', '_kb/offline-manifest.json'].map(statOf)))];
}

/** The pages an old address lands on where the host cannot redirect: the 404 page (any path), the home page (`/?kbid=`). */
export const ADDRESS_SCRIPT_PAGES = ['404.html', 'index.html'] as const;

/**
 * Puts the address script first in `<head>` of those pages (after `<meta charset>`): before Next's own tags, so it runs
 * before any other script or stylesheet is even requested, and the page is replaced before it paints.
 */
export async function injectAddressScript(outDir: string, script: string): Promise<void> {
  for (const page of ADDRESS_SCRIPT_PAGES) {
    const file = path.join(outDir, page);
    if (!existsSync(file)) continue;
    // a page a rebuild left in place may hold the last build's script: replace it, never keep it
    // (the script's JSON is escaped, so it holds no `</script>`)
    const original = await readFile(file, 'utf8');
    const html = original.replace(/<script data-kb-address="">[\s\S]*?<\/script>/, '');
    // after `<meta charset>` when it opens the head: the encoding is then known from the first bytes,
    // before the script writes the permalink's HTML into this page
    const injected = script ? html.replace(/<head(?:\s[^>]*)?>(?:<meta charset="[^"]*">)?/i, (head) => `${head}<script data-kb-address="">${script}</script>`) : html;
    if (injected !== original) await writeFile(file, injected);
  }
}

/** Copies the export into a folder that works from disk (file://), search included. */
export async function writeOfflineCopy(outDir: string, offlineDir: string, config: HostingConfig): Promise<void> {
  const stats = await copyForFileProtocol(outDir, offlineDir, config.basePath);
  console.log(`offline copy: ${stats.files} files (${stats.pages} pages, ${stats.wrapped} index files wrapped) in ${offlineDir}`);
}
