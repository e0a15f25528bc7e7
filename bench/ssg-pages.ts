/**
 * Pure helpers of the Jekyll/Hugo side-by-side bench (scripts/bench-ssg.ts): where a generator must
 * put an article's page, and the same article as Hugo reads it.
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
import { splitFrontMatter } from '../lib/parse/split-front-matter';

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
