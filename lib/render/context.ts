/**
 * What the static HTML renderers need to know about the site, passed in explicitly so that every
 * renderer stays a pure function (data in, HTML out) and can be tested without a build.
 */

/** A short reference to an article: enough to link to it. */
export interface ArticleLink {
  id: string;
  title: string;
  permalink: string;
  lastModified?: string | null;
}

export interface RenderContext {
  /** '' or a sub-path such as '/kbarchive' (no trailing slash) */
  basePath: string;
  /** absolute site URL without trailing slash (may include the base path), '' when unknown */
  siteUrl: string;
  siteName: string;
  /** the article with this id when it is in the site (citations link only to these) */
  articleById(id: string): ArticleLink | undefined;
  /** the product page path (`/product/<slug>/`) for a product name, when the site has one */
  productPath(name: string): string | undefined;
}

/** Prefixes a site path (`/kb/155/Q155738/`) with the base path. */
export function href(ctx: Pick<RenderContext, 'basePath'>, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  return ctx.basePath + path;
}

/** The absolute URL of a site path, for canonical links and Open Graph; falls back to the based path. */
export function absoluteUrl(ctx: Pick<RenderContext, 'basePath' | 'siteUrl'>, path: string): string {
  if (!ctx.siteUrl) return href(ctx, path);
  // siteUrl already carries the base path when the site lives under one
  const base = ctx.siteUrl.replace(/\/+$/, '');
  return ctx.basePath && base.endsWith(ctx.basePath) ? base + path : base + href(ctx, path);
}
