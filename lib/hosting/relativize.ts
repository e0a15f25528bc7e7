/**
 * Rewrites a page of the export so it works opened straight from disk (file://, no server): every
 * root-relative URL becomes relative to the page's folder, directory URLs name `index.html`
 * explicitly (a browser shows a folder listing for `dir/` on file://), the file:// shim
 * (client/file-shim.ts) is loaded first, the base-path meta tag is emptied (the shim resolves site
 * paths against the copy's root), and Next's client runtime is removed (its router cannot run from
 * file://; the HTML is complete without it), as are module preloads (file:// refuses modules).
 * Pure: text in, text out.
 */

import { mapStartTags } from './html-tags';

/** `../../` for a file two folders deep (`kb/155/x.html`: '../../'), './' at the root. */
export function rootPrefix(file: string): string {
  const depth = file.split('/').length - 1;
  return depth === 0 ? './' : '../'.repeat(depth);
}

/** Turns one URL into its file:// form, or returns it unchanged when it is not a site URL. */
export function relativizeUrl(url: string, file: string, basePath: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) return url;
  let sitePath: string;
  if (!basePath) sitePath = url;
  else if (url === basePath || url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`) || url.startsWith(`${basePath}#`)) sitePath = url.slice(basePath.length) || '/';
  else return url; // outside the site: leave for the link checker to report
  if (!sitePath.startsWith('/')) sitePath = `/${sitePath}`;
  const cut = sitePath.search(/[?#]/);
  let pathPart = cut === -1 ? sitePath : sitePath.slice(0, cut);
  const tail = cut === -1 ? '' : sitePath.slice(cut);
  if (pathPart.endsWith('/')) pathPart += 'index.html';
  return rootPrefix(file) + pathPart.slice(1) + tail;
}

const URL_ATTR = /(\s(?:href|src|action|poster)\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const NEXT_PRELOAD = /<link\b[^>]*\bas=["']script["'][^>]*>/gi;
/** file:// refuses module scripts (the shim loads the search code as a classic script instead) */
const MODULE_PRELOAD = /<link\b[^>]*\brel=["']modulepreload["'][^>]*>/gi;
const BASE_META = /(<meta\s+name=["']kb-base-path["']\s+content=)(["'])[^"']*\2/i;

/** Next's chunks and its RSC payload pushes; React's own inline scripts ($RC…) and ours stay. */
function isNextRuntime(attrs: string, body: string): boolean {
  return /\bsrc=["'][^"']*\/_next\//.test(attrs) || /self\.__next_f|__NEXT_DATA__|__next_s/.test(body);
}

/** Rewrites one HTML page (its path relative to the export root, e.g. `kb/155/Q155738/index.html`). */
export function relativizeHtml(html: string, file: string, basePath: string): string {
  const shim = `<script src="${rootPrefix(file)}assets/file-shim.js"></script>`;
  const withoutNext = html
    .replace(SCRIPT, (tag, attrs: string, body: string) => (isNextRuntime(attrs, body) ? '' : tag))
    .replace(NEXT_PRELOAD, (tag) => (/_next\//.test(tag) ? '' : tag))
    .replace(MODULE_PRELOAD, '');
  return mapStartTags(withoutNext, (tag) =>
    tag
      .replace(URL_ATTR, (_m, attr: string, dq: string | undefined, sq: string | undefined) =>
        dq !== undefined ? `${attr}"${relativizeUrl(dq, file, basePath)}"` : `${attr}'${relativizeUrl(sq ?? '', file, basePath)}'`,
      )
      .replace(BASE_META, (_m, start: string, q: string) => `${start}${q}${q}`),
  ).replace(/<head>/i, (head) => head + shim);
}

/** Rewrites `url(/…)` references in a stylesheet. */
export function relativizeCss(css: string, file: string, basePath: string): string {
  return css.replace(/url\(\s*(["']?)(\/[^"')]*)\1\s*\)/g, (_m, q: string, url: string) => `url(${q}${relativizeUrl(url, file, basePath)}${q})`);
}

/** The `X.json.js` form of an index file for file:// (no fetch there): calls window.__kbLoad(name, data). */
export function wrapJsonForFile(name: string, json: string): string {
  // JSON text is a valid JS expression (ES2019 allows U+2028/2029 in strings)
  return `window.__kbLoad(${JSON.stringify(name)},${json.trim()});\n`;
}
