/**
 * The browser's searcher: index files fetched from `<base>/_kb/search/`, once each (the searcher caches).
 * Shared by the search box suggestions and the search page.
 *
 * A search submitted as a page load (from a React page's header box) hands the files this page has
 * loaded to the next one through sessionStorage (`handOff`), so the search page starts with the
 * term and doc files the suggestions fetched instead of asking the server for each again. The next
 * page takes them once; they are from the same build and at most a minute old.
 */
import { createSearcher, type Searcher } from '../lib/search/query';
import { withBase } from './base-path';

const HANDOFF_KEY = 'kb-search-handoff';
const HANDOFF_MAX_AGE_MS = 60_000;
/** the hand-off's budget (JSON characters): writing and reading it costs ~1 ms per 50 KB here */
const HANDOFF_MAX_CHARS = 600_000;

interface Page {
  kbSearcher?: Searcher;
  kbSearchFiles?: Map<string, unknown>;
}

/** The files the previous page handed over, removed from storage as they are read. */
function takeHandoff(): Map<string, unknown> {
  try {
    const text = sessionStorage.getItem(HANDOFF_KEY);
    if (!text) return new Map();
    sessionStorage.removeItem(HANDOFF_KEY);
    const { at, base, files } = JSON.parse(text) as { at: number; base: string; files: [string, unknown][] };
    if (base !== withBase('/') || !(Date.now() - at < HANDOFF_MAX_AGE_MS)) return new Map();
    return new Map(files);
  } catch {
    return new Map(); // storage off or full, or a malformed entry: fetch as usual
  }
}

/**
 * Hands the index files loaded so far to the page loaded next (call just before it loads): meta.json
 * and the code table, then the files loaded last (the submitted query's), within a size budget, so
 * a long session of typing never makes the page load wait on a large write.
 */
export function handOff(): void {
  const files = (globalThis as Page).kbSearchFiles;
  if (!files || files.size === 0) return;
  try {
    const always = new Set(['meta.json', 'codes.json']);
    const parts: string[] = [];
    let size = 0;
    const add = (name: string, data: unknown) => {
      const part = JSON.stringify([name, data]);
      if (size + part.length > HANDOFF_MAX_CHARS) return false;
      parts.push(part);
      size += part.length;
      return true;
    };
    for (const name of always) if (files.has(name)) add(name, files.get(name));
    for (const [name, data] of [...files].reverse()) if (!always.has(name) && !add(name, data)) break;
    sessionStorage.setItem(HANDOFF_KEY, `{"at":${Date.now()},"base":${JSON.stringify(withBase('/'))},"files":[${parts.join(',')}]}`);
  } catch {
    // storage off or full: the next page fetches its files
  }
}

/**
 * The page's one searcher over the static index files. Two bundles may carry this module (the
 * search bundle and the file:// copy's classic-script build of it), so the instance lives on the
 * window: whichever runs first makes it.
 */
export function browserSearcher(): Searcher {
  const page = globalThis as Page;
  if (page.kbSearcher) return page.kbSearcher;
  const files = new Map<string, unknown>();
  const handed = takeHandoff();
  page.kbSearchFiles = files;
  page.kbSearcher = createSearcher(async (name) => {
    let data = handed.get(name);
    if (data === undefined) {
      const url = withBase(`/_kb/search/${name}`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`search index: ${url} answered ${response.status}`);
      data = await response.json() as unknown;
    }
    files.set(name, data);
    return data;
  });
  return page.kbSearcher;
}
