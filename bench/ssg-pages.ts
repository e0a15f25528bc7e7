/**
 * Helpers of the Jekyll/Hugo side-by-side bench (scripts/bench-ssg.ts): the same article as Hugo
 * reads it, where a generator must put an article's page, and the check that every page is there
 * (so a broken configuration cannot give a fast time).
 *
 * The archive's files are Jekyll pages: front matter `layout`, `title`, `permalink`, and a body
 * wrapped in Liquid's `{% raw %}` … `{% endraw %}` so Liquid leaves it alone. Hugo knows neither:
 * - `permalink` becomes Hugo's `url` (added; the other fields are kept as they are), so every page
 *   lands at the same address in all three generators;
 * - the `{% raw %}` and `{% endraw %}` tags are removed: Jekyll's Liquid consumes them and prints
 *   nothing in their place, so without them Hugo renders the same text Jekyll does (left in, Hugo
 *   would print them as two extra paragraphs). Hugo has no Liquid, so nothing else needs protecting;
 *   its own shortcode syntax (`{{<`, `{{%`) occurs in no file of the archive, and a page that broke
 *   on one would be missing from the bench's page count.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { splitFrontMatter } from '../lib/parse/split-front-matter';

/** An article of the bench: its path in the content folder, its permalink, its file's size. */
export interface Article { source: string; permalink: string; bytes: number }

export interface PageCheck {
  /** articles whose page exists at its permalink */
  found: number;
  expected: number;
  /** pages found that are smaller than half the article's Markdown file: content probably lost */
  thin: number;
  /** every .html file of the output */
  htmlFiles: number;
  missingExamples: string[];
}

/** Liquid's raw tags, in every spelling Liquid accepts (whitespace control included). */
const RAW_TAG = /\{%-?[ \t]*(?:end)?raw[ \t]*-?%\}/g;

/** The front matter permalink as a site path with a leading slash, or null when there is none. */
export function permalinkOf(text: string): string | null {
  const { data } = splitFrontMatter(text.replace(/\r\n?/g, '\n'));
  const value = data?.permalink;
  if (typeof value !== 'string' || !value.trim()) return null;
  const permalink = value.trim();
  return permalink.startsWith('/') ? permalink : `/${permalink}`;
}

/**
 * The files a generator may write for a permalink, relative to its output folder: a permalink ending
 * in `/` is a folder's `index.html`; one without (`/kb/1/Q1`) is written by Jekyll as `Q1.html` and
 * by Hugo as `Q1/index.html` or the name itself when it ends in `.html`.
 */
export function pageFilesOf(permalink: string): string[] {
  let decoded = permalink;
  try { decoded = decodeURIComponent(permalink); } catch { /* a stray % stays as written */ }
  const rel = decoded.replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) return [`${rel}index.html`];
  if (/\.html?$/i.test(rel)) return [rel];
  return [`${rel}.html`, `${rel}/index.html`];
}

/** The article as Hugo's content: `url` from `permalink`, the Liquid raw tags removed. */
export function toHugoPage(text: string): string {
  const source = text.replace(/\r\n?/g, '\n');
  const split = splitFrontMatter(source);
  const body = split.body.replace(RAW_TAG, '');
  if (!split.data) return body;
  const permalink = permalinkOf(source);
  const lines = split.frontMatterText.split('\n').filter((line) => !/^url[ \t]*:/.test(line));
  if (permalink) lines.push(`url: ${JSON.stringify(permalink)}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

/** Every .html file below a folder. */
export function countHtml(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile() && entry.name.endsWith('.html')) n++;
  return n;
}

/** Looks for every article's page at its permalink under `outDir` (Jekyll's or Hugo's file name). */
export function checkPages(outDir: string, articles: Article[]): PageCheck {
  let found = 0;
  let thin = 0;
  const missingExamples: string[] = [];
  for (const a of articles) {
    let size = -1;
    for (const rel of pageFilesOf(a.permalink)) {
      try {
        const s = statSync(path.join(outDir, rel));
        if (s.isFile()) { size = s.size; break; }
      } catch { /* not this one */ }
    }
    if (size < 0) {
      if (missingExamples.length < 5) missingExamples.push(`${a.permalink} (${a.source})`);
      continue;
    }
    found++;
    if (size < a.bytes / 2) thin++;
  }
  return { found, expected: articles.length, thin, htmlFiles: countHtml(outDir), missingExamples };
}

/** A run counts only when the generator succeeded and every article's page is there. */
export function runIsValid(exitCode: number | null, pages: PageCheck): boolean {
  return exitCode === 0 && pages.found === pages.expected;
}
