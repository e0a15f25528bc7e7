/**
 * Rewrites a page of the export so it works opened straight from disk (file://, no server): every
 * root-relative URL becomes relative to the page's folder, directory URLs name `index.html`
 * explicitly (a browser shows a folder listing for `dir/` on file://), the file:// shim
 * (client/file-shim.ts) is loaded first, the base-path meta tag is emptied (the shim resolves site
 * paths against the copy's root), and Next's client runtime is removed (its router cannot run from
 * file://; the HTML is complete without it), as are module preloads (file:// refuses modules).
 * Pure: text in, text out. Only the project's own markup is rewritten, found by a real HTML tokenizer.
 */

import { SAXParser, type EndTag, type StartTag } from 'parse5-sax-parser';

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

const URL_ATTRS = new Set(['href', 'src', 'action', 'poster']);
/** What the browser runs as a classic script: no type, or a JavaScript one (JSON-LD is data). */
const JS_TYPE = /^(?:|text\/javascript|application\/javascript|module)$/i;
/** Next's RSC payload pushes and data: the only inline scripts of the runtime. */
const NEXT_INLINE = /self\.__next_f|__NEXT_DATA__|__next_s/;

/** Where a start tag and each of its attributes sit in the page (parse5's location info). */
interface TagLocation { startOffset: number; endOffset: number; attrs?: Record<string, { startOffset: number; endOffset: number }> }

/** One change to the page: the bytes [start, end) become `text`. */
interface Edit { start: number; end: number; text: string }

/**
 * The page's own markup, read with an HTML tokenizer (parse5, the WHATWG algorithm browsers use), so
 * the rewrite acts on real tags only: text, attribute values and script bodies from an article can
 * look like markup (a title saying `<script>self.__next_f`) without steering anything.
 */
class PageTokenizer extends SAXParser {
  constructor() {
    super({ sourceCodeLocationInfo: true });
  }
  /** Tokenizes a whole page synchronously (the stream interface would finish on a later tick). */
  run(html: string): void {
    (this as unknown as { lastChunkWritten: boolean }).lastChunkWritten = true;
    this._transformChunk(html);
  }
}

function attr(tag: StartTag, name: string): string | undefined {
  return tag.attrs.find((a) => a.name === name)?.value;
}

const escapeAttr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Rewrites one HTML page (its path relative to the export root, e.g. `kb/155/Q155738/index.html`). */
export function relativizeHtml(html: string, file: string, basePath: string): string {
  const edits: Edit[] = [];
  const drop = (from: number, to: number) => edits.push({ start: from, end: to, text: '' });
  let openScript: StartTag | null = null;
  let headDone = false;
  const tokenizer = new PageTokenizer();
  tokenizer.on('startTag', (tag: StartTag) => {
    const at = tag.sourceCodeLocation as TagLocation | null | undefined;
    if (!at) return;
    if (tag.tagName === 'head' && !headDone) {
      headDone = true;
      edits.push({ start: at.endOffset, end: at.endOffset, text: `<script src="${rootPrefix(file)}assets/file-shim.js"></script>` });
      return;
    }
    if (tag.tagName === 'script') openScript = tag;
    if (tag.tagName === 'link') {
      const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
      // Next's script preloads, and module preloads (file:// refuses modules)
      if (rel.includes('modulepreload') || ((attr(tag, 'as') ?? '').toLowerCase() === 'script' && (attr(tag, 'href') ?? '').includes('/_next/'))) {
        drop(at.startOffset, at.endOffset);
        return;
      }
    }
    if (tag.tagName === 'meta' && attr(tag, 'name') === 'kb-base-path') {
      const content = at.attrs?.content;
      if (content) edits.push({ start: content.startOffset, end: content.endOffset, text: 'content=""' });
      return;
    }
    for (const a of tag.attrs) {
      if (!URL_ATTRS.has(a.name)) continue;
      const place = at.attrs?.[a.name];
      const value = relativizeUrl(a.value, file, basePath);
      if (place && value !== a.value) edits.push({ start: place.startOffset, end: place.endOffset, text: `${a.name}="${escapeAttr(value)}"` });
    }
  });
  tokenizer.on('endTag', (tag: EndTag) => {
    const open = openScript;
    if (tag.tagName !== 'script' || !open) return;
    openScript = null;
    const from = open.sourceCodeLocation;
    const to = tag.sourceCodeLocation;
    if (!from || !to) return;
    const src = attr(open, 'src');
    const body = html.slice(from.endOffset, to.startOffset);
    const runtime = src !== undefined ? src.includes('/_next/') : JS_TYPE.test(attr(open, 'type') ?? '') && NEXT_INLINE.test(body);
    if (runtime) {
      // the start tag's own attribute edits go with it
      for (let i = edits.length - 1; i >= 0 && (edits[i] as Edit).start >= from.startOffset; i--) edits.pop();
      drop(from.startOffset, to.endOffset);
    }
  });
  tokenizer.run(html);
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue; // inside a dropped span
    parts.push(html.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(html.slice(at));
  return parts.join('');
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
