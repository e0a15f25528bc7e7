/**
 * Article, product and error-code pages as plain static HTML from one route handler: an App Router
 * page would export five files and ~175 KB gzip of JavaScript per article, which the whole archive
 * cannot afford (docs/ARCHITECTURE.md). Each path ends in `index.html`, so the export writes
 * `out/kb/155/Q155738/index.html` and static hosts serve it at `/kb/155/Q155738/`.
 */
import { getSiteConfig } from '../../lib/site-config';
import { pageRendered } from '../../lib/render/collect-garbage';
import { listStaticPages, renderStaticPage, ROUTE_SHELL_PAGES } from '../../lib/render/static-pages';

export const dynamic = 'force-static';
export const dynamicParams = false;

/** Every static page of the site, as path segments ending in `index.html`. */
export async function generateStaticParams(): Promise<{ path: string[] }[]> {
  // `npm run build` writes the other pages itself, after next build (lib/build/write-pages.ts)
  const pages = process.env.KB_PAGE_POOL === '1' ? ROUTE_SHELL_PAGES : await listStaticPages();
  return pages.map((sitePath) => ({ path: [...sitePath.split('/').filter(Boolean), 'index.html'] }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  const segments = path[path.length - 1] === 'index.html' ? path.slice(0, -1) : path;
  const sitePath = segments.length ? `/${segments.join('/')}/` : '/';
  const html = await renderStaticPage(sitePath, getSiteConfig());
  pageRendered();
  if (html === null) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
