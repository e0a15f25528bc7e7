/**
 * Hosting files written after `next build` (scripts/build.ts calls these): sitemap(s), robots.txt,
 * opensearch.xml, the 404 page's alias map, the browser scripts (alias.js, sw.js) and the
 * offline manifest; and, for `npm run build:offline`, the file:// copy of the export. Server-only.
 */
import { primaryById } from '../build/load-dedupe';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUCKET_INDEX_PATH, ERROR_INDEX_PATH, PRODUCT_INDEX_PATH, bucketOfPermalink, bucketPath, errorCodePath, errorFamilyPath } from '../routes';
import type { SiteConfig } from '../site-config';
import { buildAliasData, type AliasArticle } from './alias-data';
import { addressExceptions, addressRedirectScript } from './address-script';
import { redirectsFile } from './host-config/netlify';
import { bundlePageScripts, bundleServiceWorker } from './bundle';
import { copyForFileProtocol } from './offline-copy';
import { buildOfflineManifest } from './offline-manifest';
import { buildOpenSearchXml, buildRobotsTxt } from './site-files';
import { buildSitemaps, type SitemapEntry } from './sitemap';
import { digestOf, walkListing, type OutFile, type OutListing } from '../build/out-listing';
import type { FolderListings } from '../build/folder-listings';
import { pageFileName } from '../build/page-file';

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
 * assets) count by their path alone (digestOf), the others by their bytes' digest as the listing has it.
 */
function contentVersion(files: readonly OutFile[]): string {
  const all = createHash('sha1');
  for (const f of files) all.update(`${f.file}\0${f.digest}\n`);
  return all.digest('hex').slice(0, 12);
}

/** What the build knows of out/ when the hosting step starts. */
export interface KnownOutput {
  /**
   * every file of outDir as the build's steps left it (out-listing.ts): kept up to date by this step
   * instead of walking outDir; absent: outDir is walked (after a `next build`, a first build)
   */
  listing?: OutListing;
  /**
   * the sha1 (base64url) of pages just written, by file below outDir (`kb/155/Q155738/index.html`),
   * so that a walk need not read 60,000 pages again (the pages this step rewrites, ADDRESS_SCRIPT_PAGES, are read anyway)
   */
  pageDigests?: ReadonlyMap<string, string>;
  /**
   * the folder listings the next build's outputs stamp starts from (lib/build/folder-listings.ts): a
   * walk of outDir brings them up to date, so that a build right after a full one reads no folder of
   * 60,000 pages again (the caller saves them)
   */
  folderListings?: FolderListings;
  /**
   * what the last build made from the site data (`file`) and what it was made from (`key`: the site
   * data but its similar articles, the settings, the code; null when unknown): with the listing, a
   * build whose key is the last one's and whose out/ still holds those files writes none of them again
   * (the sitemaps, the alias map, _redirects, robots.txt, opensearch.xml, assets/alias.js), nor
   * reads the site data; the address script is kept in `file`
   */
  memo?: { file: string; key: string | null };
}

/** What a build made from the site data (KnownOutput.memo). */
interface SiteFilesMemo {
  key: string;
  addressScript: string;
  /** the files below outDir made from the site data */
  files: string[];
}

function readMemo(file: string): SiteFilesMemo | null {
  try {
    const memo = JSON.parse(readFileSync(file, 'utf8')) as Partial<SiteFilesMemo>;
    return typeof memo.key === 'string' && typeof memo.addressScript === 'string' && Array.isArray(memo.files) ? (memo as SiteFilesMemo) : null;
  } catch {
    return null;
  }
}

/**
 * Writes every hosting file into the export folder. Returns every file of outDir as it leaves it,
 * with size, modification time and digest (the build stamps its outputs with that list, and keeps it
 * for the next build, instead of walking 60,000 folders again). `siteFiles`: writeSiteFiles's answer
 * when the build called it already (while the pages were drawn).
 */
export async function writeHostingFiles(
  site: HostingSiteData | (() => HostingSiteData), outDir: string, config: HostingConfig, known: KnownOutput = {}, siteFiles?: SiteFiles,
): Promise<OutListing> {
  const kept = known.listing;
  const { memo } = known;
  const last = kept && memo?.key ? readMemo(memo.file) : null;
  let addressScript: string;
  if (kept && last && last.key === memo?.key && last.files.every((f) => kept.files.has(f))) {
    // made from the same site data, settings and code, and still in outDir as the listing says
    addressScript = last.addressScript;
  } else {
    if (memo) rmSync(memo.file, { force: true });
    const data = typeof site === 'function' ? site() : site;
    const before = new Set(kept?.files.keys() ?? []);
    ({ addressScript } = siteFiles ?? (await writeSiteFiles(data, outDir, config, kept)));
    const pageExists = kept
      ? (p: string) => kept.files.has(pageFileName(p))
      : (p: string) => existsSync(path.join(outDir, ...p.split('/').filter(Boolean), 'index.html'));
    const sitemaps = buildSitemaps(sitemapEntries(data, pageExists), config.siteUrl);
    for (const file of sitemaps) await putFile(outDir, kept, file.name, file.xml);
    if (memo?.key) {
      const made = [...SITE_FILES, ...sitemaps.map((f) => f.name)];
      // a sitemap-N.xml of a larger site, left over, would be listed as made from this site data: not
      // remembered (without a kept listing, e.g. after next build, the next build's listing says which files are there)
      if (![...before].some((f) => /^sitemap-\d+\.xml$/.test(f) && !made.includes(f))) writeFileSync(memo.file, JSON.stringify({ key: memo.key, addressScript, files: made } satisfies SiteFilesMemo));
    }
  }
  await injectAddressScript(outDir, addressScript);

  let listing: OutListing;
  if (kept) {
    for (const rel of ADDRESS_SCRIPT_PAGES) {
      if (existsSync(path.join(outDir, rel))) kept.record(rel);
      else kept.remove(rel);
    }
    listing = kept;
  } else {
    const digests = new Map(known.pageDigests);
    for (const page of ADDRESS_SCRIPT_PAGES) digests.delete(page);
    listing = await walkListing(outDir, digests, known.folderListings);
  }
  // the worker and the manifest come last: they describe everything else
  const files = listing.list().filter((f) => f.file !== 'sw.js' && f.file !== '_kb/offline-manifest.json');
  const version = contentVersion(files);
  await bundleServiceWorker(outDir, version);
  listing.record('sw.js');
  const manifest = JSON.stringify(buildOfflineManifest(files, version));
  await writeFile(path.join(outDir, '_kb', 'offline-manifest.json'), manifest);
  listing.record('_kb/offline-manifest.json', digestOf('_kb/offline-manifest.json', Buffer.from(manifest)));
  return listing;
}

/** The files writeSiteFiles writes below outDir. */
const SITE_FILES = ['robots.txt', 'opensearch.xml', '_kb/aliases.json', '_redirects', 'assets/alias.js'] as const;

/** What writeSiteFiles leaves for the rest of the hosting step. */
export interface SiteFiles {
  /** the script injectAddressScript puts into ADDRESS_SCRIPT_PAGES */
  addressScript: string;
}

/** Writes a file into outDir, and records it in the listing when one is kept. */
async function putFile(outDir: string, kept: OutListing | undefined, rel: string, data: string): Promise<void> {
  const bytes = Buffer.from(data);
  await writeFile(path.join(outDir, rel), bytes);
  kept?.record(rel, digestOf(rel, bytes));
}

/**
 * The hosting files made from the site data alone, whatever pages outDir holds: robots.txt,
 * opensearch.xml, the alias map, _redirects, assets/alias.js. A rebuild writes them while the pages
 * are drawn; writeHostingFiles writes the rest (sitemap, address script, offline version) after.
 */
export async function writeSiteFiles(site: HostingSiteData, outDir: string, config: HostingConfig, kept?: OutListing): Promise<SiteFiles> {
  await putFile(outDir, kept, 'robots.txt', buildRobotsTxt(config.siteUrl));
  await putFile(outDir, kept, 'opensearch.xml', buildOpenSearchXml({ siteUrl: config.siteUrl }));
  await mkdir(path.join(outDir, '_kb'), { recursive: true });
  // two files may claim one ID: its aliases go to the one its lookups go to (lib/build/load-dedupe.ts)
  const primaries = primaryById(site.articles);
  const aliased = site.articles.filter((a) => primaries.get(a.id) === a);
  const aliasData = buildAliasData(aliased);
  await putFile(outDir, kept, '_kb/aliases.json', JSON.stringify(aliasData));
  // Netlify and Cloudflare Pages read _redirects from the site root
  const numbered = aliased.flatMap((a) => (a.number !== null && a.number > 0 ? [{ number: a.number, permalink: a.permalink }] : []));
  await putFile(outDir, kept, '_redirects', redirectsFile({ basePath: config.basePath, articles: numbered, ids: aliasData.ids }).text);
  await bundlePageScripts(outDir);
  kept?.record('assets/alias.js');
  return { addressScript: addressRedirectScript(config.basePath, addressExceptions(aliased), aliasData.ids) };
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
