/**
 * Link checker for a static export: every internal `href`/`src`/`srcset` in every HTML file under a
 * folder must resolve to a file (`dir/` → `dir/index.html`), honouring a base path. External URLs
 * (any scheme, `//host`) and fragments are not checked.
 * CLI: `tsx scripts/check-links.ts [dir=out] [--base /kbarchive]` (default base: KB_BASE_PATH); exit 1 on broken links.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeBasePath } from '../lib/site-config';
import { mapStartTags } from '../lib/hosting/html-tags';
import { forEachLimit } from '../lib/hosting/pool';
import { listFiles } from '../lib/hosting/walk-files';

export interface BrokenLink {
  /** the page, relative to the checked folder */
  file: string;
  url: string;
  /** why it does not resolve */
  reason: string;
}

export interface LinkReport {
  pages: number;
  links: number;
  broken: BrokenLink[];
}

const ATTR = /\s(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** The internal URLs of one page: attributes of start tags only (never article text, script bodies or comments). */
export function extractUrls(html: string): string[] {
  const urls: string[] = [];
  mapStartTags(html, (tag) => {
    for (const m of tag.matchAll(ATTR)) {
      const value = (m[2] ?? m[3] ?? '').replace(/&amp;/g, '&').trim();
      if ((m[1] ?? '').toLowerCase() === 'srcset') urls.push(...value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '').filter(Boolean));
      else urls.push(value);
    }
    return tag;
  });
  return urls.filter((u) => u !== '' && !u.startsWith('#') && !u.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(u));
}

/** The file a URL on `page` names (relative to the export root), or a reason it cannot name one. */
export function targetOf(url: string, page: string, basePath: string): { file: string } | { reason: string } {
  let p = url.replace(/[?#].*$/, '');
  if (p === '') return { file: page }; // `?q=x` alone: the page itself
  if (p.startsWith('/')) {
    if (basePath) {
      if (p !== basePath && !p.startsWith(`${basePath}/`)) return { reason: `outside the base path ${basePath}` };
      p = p.slice(basePath.length) || '/';
    }
  } else {
    const dir = path.posix.dirname(page);
    const joined = path.posix.normalize(dir === '.' ? p : `${dir}/${p}`);
    // posix.join would clamp `../..` at the root; a link above the export root is broken on any host
    if (joined.startsWith('../') || joined === '..') return { reason: 'leaves the site' };
    p = `/${joined.replace(/^\/+/, '')}`;
  }
  try {
    p = decodeURIComponent(p);
  } catch {
    return { reason: 'broken %-escape' };
  }
  const normal = path.posix.normalize(p);
  if (normal.startsWith('/..') || normal.startsWith('..')) return { reason: 'leaves the site' };
  return { file: normal.endsWith('/') ? `${normal.slice(1)}index.html` : normal.slice(1) };
}

/** Checks every HTML page under dir. */
export async function checkLinks(dir: string, opts: { basePath?: string } = {}): Promise<LinkReport> {
  const basePath = normalizeBasePath(opts.basePath);
  const files = await listFiles(dir);
  const exists = new Set(files);
  const pages = files.filter((f) => f.endsWith('.html'));
  const report: LinkReport = { pages: pages.length, links: 0, broken: [] };
  await forEachLimit(pages, 16, async (page) => {
    const urls = extractUrls(await readFile(path.join(dir, page), 'utf8'));
    report.links += urls.length;
    for (const url of new Set(urls)) {
      const target = targetOf(url, page, basePath);
      if ('reason' in target) report.broken.push({ file: page, url, reason: target.reason });
      else if (!exists.has(target.file) && !exists.has(`${target.file}/index.html`)) {
        report.broken.push({ file: page, url, reason: `no file ${target.file}` });
      }
    }
  });
  report.broken.sort((a, b) => a.file.localeCompare(b.file) || a.url.localeCompare(b.url));
  return report;
}

async function main(argv: string[]): Promise<number> {
  const baseAt = argv.indexOf('--base');
  const basePath = baseAt >= 0 ? argv[baseAt + 1] : process.env.KB_BASE_PATH;
  const dir = argv.find((a, i) => !a.startsWith('--') && i !== baseAt + 1) ?? 'out';
  const report = await checkLinks(path.resolve(dir), { basePath });
  for (const b of report.broken.slice(0, 200)) console.error(`${path.join(dir, b.file)}: ${b.url} (${b.reason})`);
  if (report.broken.length > 200) console.error(`… and ${report.broken.length - 200} more`);
  console.log(`check-links: ${report.pages} pages, ${report.links} links, ${report.broken.length} broken`);
  return report.broken.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    console.error(error);
    process.exit(2);
  });
}
