/**
 * Reads the store written by the build (server-only: the Next routes call these at build time).
 * Sync fs on purpose: route handlers and generateStaticParams read a few files each. site.json is
 * memoized and reloaded when the build replaces it (next dev keeps running across builds).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ArticleMeta, ProductEntry, SiteData } from './site-data';
import { permalinkKey, primaryById } from './load-dedupe';
import { closePack, freezePack, readPackedDigest, readPackedRecord } from './store-pack';
import { readText } from './read-text';
import { storeDir } from './store-paths';
import type { ArticleRecord } from '../parse/types';

export type { ArticleMeta, ProductEntry, SiteData } from './site-data';
export { productSlug } from './site-data';

interface Loaded {
  dir: string;
  stamp: number;
  site: SiteData;
  byId: ReadonlyMap<string, ArticleMeta>;
  byPermalinkKey: Map<string, ArticleMeta>;
  byProductSlug: Map<string, { product: ProductEntry; articles: ArticleMeta[] }>;
}

let loaded: Loaded | null = null;
const recentArticles = new Map<string, { record: ArticleRecord; text: string }>();
/** A page reads its own record and a few neighbours; more would hold 60k records in memory. */
const RECENT_MAX = 64;

/** Set by freezeStore(): the store is not checked for a newer build any more. */
let frozen = false;

/**
 * The store will not change for the life of this thread (a build's page worker): stop checking each
 * call whether a newer build replaced it (a stat and a path lookup per call, ~7 % of drawing a page).
 */
export function freezeStore(): void {
  frozen = true;
  freezePack();
}

function load(): Loaded {
  if (frozen && loaded) return loaded;
  const dir = storeDir();
  const file = path.join(dir, 'site.json');
  let stamp: number;
  try {
    stamp = statSync(file).mtimeMs;
  } catch {
    throw new Error(`the article store is missing (${file}): run \`npm run build\` (or \`tsx scripts/build.ts --prepare-only\`) first`);
  }
  if (loaded && loaded.dir === dir && loaded.stamp === stamp) return loaded;
  const site = JSON.parse(readText(file)) as SiteData;
  const byId = primaryById(site.articles);
  const byPermalinkKey = new Map(site.articles.map((a) => [permalinkKey(a.permalink), a]));
  const byProductSlug = new Map<string, { product: ProductEntry; articles: ArticleMeta[] }>();
  const byName = new Map<string, ArticleMeta[]>();
  for (const p of site.products) byName.set(p.name, []);
  for (const a of site.articles) for (const p of new Set(a.products)) byName.get(p)?.push(a);
  for (const p of site.products) byProductSlug.set(p.slug, { product: p, articles: byName.get(p.name) ?? [] });
  recentArticles.clear();
  closePack();
  loaded = { dir, stamp, site, byId, byPermalinkKey, byProductSlug };
  return loaded;
}

/** The whole site's data (lists, counts, cross references). */
export function getSiteData(): SiteData {
  return load().site;
}

/** The slim metadata of an article in the site, or undefined. */
export function getArticleMeta(id: string): ArticleMeta | undefined {
  return load().byId.get(id);
}

/** An article's full record (the one its ID's lookups go to), or null when the site has no such article. */
export function getArticle(id: string): ArticleRecord | null {
  const meta = load().byId.get(id);
  return meta ? readRecord(meta) : null;
}

/** The article at a permalink (`/kb/155/Q155738/`; case and trailing slash do not matter), or null. */
export function getArticleByPermalink(permalink: string): ArticleRecord | null {
  return getStoredArticle(permalink)?.record ?? null;
}

/** The article at a permalink with its record's JSON text as stored (the page workers hash it), or null. */
export function getStoredArticle(permalink: string): { record: ArticleRecord; text: string } | null {
  const meta = load().byPermalinkKey.get(permalinkKey(`/${permalink.replace(/^\/+/, '')}`));
  return meta ? readStored(meta) : null;
}

/**
 * A digest of the record stored at a permalink (equal digests: equal records), without parsing it;
 * null when the site has no article there. The page workers' one reader of record digests.
 */
export function getStoredDigest(permalink: string): string | null {
  const meta = load().byPermalinkKey.get(permalinkKey(`/${permalink.replace(/^\/+/, '')}`));
  return meta ? readPackedDigest(load().dir, meta.permalink) : null;
}

function readRecord(meta: ArticleMeta): ArticleRecord {
  return readStored(meta).record;
}

function readStored(meta: ArticleMeta): { record: ArticleRecord; text: string } {
  const key = permalinkKey(meta.permalink);
  const hit = recentArticles.get(key);
  if (hit) return hit;
  const text = readPackedRecord(load().dir, meta.permalink);
  if (text === null) throw new Error(`the store has no record for ${meta.permalink} although its site data lists it: rebuild`);
  const stored = { record: JSON.parse(text) as ArticleRecord, text };
  if (recentArticles.size >= RECENT_MAX) recentArticles.delete(recentArticles.keys().next().value as string);
  recentArticles.set(key, stored);
  return stored;
}

/** Every article permalink, in path order. */
export function getAllPermalinks(): string[] {
  return load().site.articles.map((a) => a.permalink);
}

/** A product and its articles (path order), or null for an unknown slug. */
export function getProduct(slug: string): { product: ProductEntry; articles: ArticleMeta[] } | null {
  return load().byProductSlug.get(slug) ?? null;
}

/** IDs of the articles citing `id`, in path order. */
export function getCitedBy(id: string): string[] {
  const citedBy = load().site.citedBy;
  return Object.hasOwn(citedBy, id) ? (citedBy[id] as string[]) : [];
}
