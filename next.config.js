// Static export only: every route is rendered at build time into out/.
// KB_BASE_PATH serves the site under a sub-path (e.g. GitHub Pages project sites).
import os from "node:os";

const basePath = process.env.KB_BASE_PATH ? process.env.KB_BASE_PATH.replace(/\/+$/, '') : '';

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  trailingSlash: true,
  basePath,
  images: { unoptimized: true },
  env: { NEXT_PUBLIC_KB_BASE_PATH: basePath },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` does this once; the build need not repeat it
  // Next renders static pages on cores - 1 workers by default (one here). With the build's page
  // threads (KB_PAGE_POOL=1, scripts/build.ts) it renders the app shell and the search page only: one
  // worker, ~100 MB less at the build's peak and no slower (whole archive's store, next build alone,
  // 3 runs each: peak of the tree 613-645 MB with one, 712-731 MB with two). When Next renders every
  // page (KB_PAGE_POOL=0), both cores.
  experimental: { cpus: process.env.KB_PAGE_POOL === '0' ? Math.max(2, os.availableParallelism()) : 1 },
  poweredByHeader: false,
  // KB_NEXT_EXPORT (set by scripts/build.ts when its page threads draw the pages): the export goes
  // there instead of out/, which next build would delete first (with an export, a distDir other than
  // .next names the export's folder; the build's own files stay in .next)
  ...(process.env.KB_NEXT_EXPORT ? { distDir: process.env.KB_NEXT_EXPORT } : {}),
  // KB_BUILD_ID (set by scripts/build.ts: a hash of the sources Next compiles) makes the export
  // reproducible: the same sources and content give the same files. Unset (next dev): Next's own.
  generateBuildId: async () => process.env.KB_BUILD_ID || null,
};

/**
 * The home page is one of the route handler's static pages (`app/[...path]/route.ts` exports it as
 * `/index.html`); a catch-all never matches `/` itself, so `next dev` rewrites it there. Only in dev:
 * an export has no rewrites.
 */
export default function config(phase) {
  if (phase !== 'phase-development-server') return nextConfig;
  return { ...nextConfig, rewrites: async () => [{ source: '/', destination: '/index.html' }] };
}
