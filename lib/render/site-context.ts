/**
 * Builds the renderers' RenderContext from the build's site data (lib/build/store.ts), with the
 * lookup tables made once per build: articles by id, products by name, each product's articles
 * newest first. Only the fields used here are required, so the store may carry more.
 */
import { primaryById } from '../build/load-dedupe';
import type { ArticleMeta, ProductEntry } from '../build/site-data';
import type { ArticleLink, RenderContext } from './context';
import { productPath } from './product-page';
import type { RelatedSources } from './related';

export type SiteArticleMeta = Pick<ArticleMeta, 'id' | 'number' | 'title' | 'permalink' | 'products' | 'lastModified'>;

export type SiteProduct = ProductEntry;

export interface SiteLike {
  articles: SiteArticleMeta[];
  products: SiteProduct[];
  citedBy: Record<string, string[]>;
  /** error-code key → the articles mentioning it, title mentions first */
  errorIndex?: Record<string, { articles: { id: string }[] }>;
  /** article ID → the most similar articles of its product, best first (lib/related/similar.ts) */
  similar?: Record<string, string[]>;
}

export interface SiteIndex {
  ctx: RenderContext;
  byId: ReadonlyMap<string, SiteArticleMeta>;
  productBySlug: Map<string, SiteProduct>;
  /** the product's articles, newest first (undated last), then by id */
  articlesOf(slug: string): SiteArticleMeta[];
  /** the articles citing `id` that are in the site */
  citedBy(id: string): ArticleLink[];
  /** what lib/render/related.ts needs to assemble an article's related lists */
  related: RelatedSources;
}

const cache = new WeakMap<object, SiteIndex>();

/** A record's own entry (keys come from articles: never the prototype's). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function newestFirst(a: SiteArticleMeta, b: SiteArticleMeta): number {
  const da = a.lastModified ?? '';
  const db = b.lastModified ?? '';
  return da === db ? a.id.localeCompare(b.id) : da < db ? 1 : -1;
}

/** The render context and lookup tables for a site, built once per site object. */
export function siteIndex(site: SiteLike, config: { basePath: string; siteUrl: string }): SiteIndex {
  const hit = cache.get(site);
  if (hit) return hit;
  // two files may claim one ID: links to the ID go to the one primaryById picks
  const byId = primaryById(site.articles);
  const productBySlug = new Map(site.products.map((p) => [p.slug, p]));
  const slugByName = new Map(site.products.map((p) => [p.name, p.slug]));
  const byProduct = new Map<string, SiteArticleMeta[]>();
  for (const article of site.articles) {
    for (const name of new Set(article.products)) {
      const slug = slugByName.get(name);
      if (!slug) continue;
      const list = byProduct.get(slug);
      if (list) list.push(article);
      else byProduct.set(slug, [article]);
    }
  }
  for (const list of byProduct.values()) list.sort(newestFirst);

  const ctx: RenderContext = {
    basePath: config.basePath,
    siteUrl: config.siteUrl,
    siteName: 'KB Archive',
    articleById: (id) => byId.get(id),
    productPath: (name) => {
      const slug = slugByName.get(name);
      return slug ? productPath(slug) : undefined;
    },
  };
  const citedBy = (id: string): SiteArticleMeta[] => (own(site.citedBy, id) ?? []).map((c) => byId.get(c)).filter((a): a is SiteArticleMeta => a !== undefined).sort((a, b) => a.id.localeCompare(b.id));
  const index: SiteIndex = {
    ctx,
    byId,
    productBySlug,
    articlesOf: (slug) => byProduct.get(slug) ?? [],
    citedBy,
    related: {
      articleById: (id) => byId.get(id),
      citedBy,
      codeArticles: (key) => (own(site.errorIndex ?? {}, key)?.articles ?? []).map((a) => a.id),
      similar: (id) => own(site.similar ?? {}, id) ?? [],
    },
  };
  cache.set(site, index);
  return index;
}
