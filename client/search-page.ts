/**
 * Draws the search page (/search/?q=…&product=…&year=…, static shell from lib/render/search-page.ts)
 * in the browser: the result count, the code card, the results and the filters, with clear loading,
 * no-result and error states. Part of the search bundle the header box loads, so pressing Enter there
 * reuses code the browser has already compiled and index files it has already fetched.
 *
 * The URL holds the query: shareable, survives a reload, and the back button works. A query or filter
 * submitted on this page (its own form or the header's) becomes a history entry through pushState and
 * is answered in place, with no page load. Article text is only ever set as text (DOM text nodes);
 * the highlighted ranges become <mark> elements around text.
 */
import type { SearchMeta } from '../lib/search/format';
import { SEARCH_FORM_LABEL, SEARCH_HINT, SEARCH_PATH, SEARCH_PLACEHOLDER, SEARCH_TITLE } from '../lib/search/page-text';
import type { CodeCard, SearchResponse, SearchResult } from '../lib/search/query';
import { sectionLabel } from '../lib/section-kinds';
import { withBase } from './base-path';
import { browserSearcher } from './search-index';

const PAGE = 10;

const FAMILY_NAMES: Record<string, string> = {
  win32: 'Win32 error', winsock: 'Windows Sockets error', hresult: 'HRESULT', ntstatus: 'NTSTATUS', bugcheck: 'Bug check (STOP)', netapi: 'Network (LAN Manager) error',
};

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; strings become text nodes, never markup. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** `text` with each [start, end) range of `ranges` (sorted, not overlapping) in a <mark>. */
export function marked(text: string, ranges: [number, number][]): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length || start >= end) continue; // a bad range never breaks the text
    if (start > at) out.push(text.slice(at, start));
    out.push(el('mark', {}, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * The card of a query that reads as an error code. Its article count is that of the code's page (the
 * articles whose text cites the code), which may differ from the results below (every article with a
 * word of the query): so the count is the link to that page, saying what it counts.
 */
function codeCard(card: CodeCard): HTMLElement {
  const decimal = (card.value >>> 0).toLocaleString('en-US', { useGrouping: false });
  const href = withBase(card.href);
  return el('aside', { class: 'kb-code-card', 'aria-label': `Error code ${card.name}` },
    el('p', { class: 'kb-code-card-name' }, el('a', { href }, card.name)),
    el('p', { class: 'kb-code-card-meta' }, `${FAMILY_NAMES[card.family] ?? card.family} · ${decimal} · ${card.hex}`),
    card.articles !== null && el('p', { class: 'kb-code-card-cited' },
      el('a', { href }, `${card.articles === 1 ? 'The 1 article' : `All ${card.articles.toLocaleString('en-US')} articles`} citing ${card.name}`)));
}

function resultItem(r: SearchResult): HTMLLIElement {
  const meta: Child[] = [el('span', { class: 'kb-result-id' }, r.id)];
  if (r.product) meta.push(' · ', el('span', {}, r.product));
  if (r.lastModified) meta.push(' · ', el('time', { datetime: r.lastModified }, r.lastModified));
  if (r.section) meta.push(' · matched in ', el('span', { class: 'kb-result-section' }, sectionLabel(r.section)));
  return el('li', { class: 'kb-result' },
    el('h2', { class: 'kb-result-title' }, el('a', { class: 'kb-result-link', href: withBase(r.permalink) }, ...marked(r.title, r.titleHighlights))),
    el('p', { class: 'kb-result-meta' }, ...meta),
    r.snippet.text && el('p', { class: 'kb-result-snippet' }, ...marked(r.snippet.text, r.snippet.highlights)));
}

/** Arrow keys move between the result links. */
function moveFocus(event: KeyboardEvent): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const list = event.currentTarget as HTMLElement;
  const links = [...list.querySelectorAll<HTMLAnchorElement>('a.kb-result-link')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = event.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
  links[next]?.focus();
  event.preventDefault();
}

/** Other queries to try when nothing matched: completions of each word from the titles' vocabulary. */
async function suggestionsFor(query: string): Promise<string[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length && out.length < 5; i++) {
    const word = words[i]!;
    const completions = await browserSearcher().complete(word.slice(0, Math.max(3, word.length - 2)), 3);
    for (const c of completions) if (c !== word) out.push([...words.slice(0, i), c, ...words.slice(i + 1)].join(' '));
  }
  return out.slice(0, 5);
}

export type Params = Record<'q' | 'product' | 'year', string>;

function readParams(): Params {
  const url = new URLSearchParams(window.location.search);
  return { q: url.get('q') ?? '', product: url.get('product') ?? '', year: url.get('year') ?? '' };
}

/**
 * The search page's own address, from the base path, never from `location.pathname` (a page opened
 * at `//evil.example/search/` would otherwise link off-site); the file:// copy's shim maps it to the
 * copy's file.
 */
function searchPagePath(): string {
  const toFile = (window as { __kbHref?: (sitePath: string) => string }).__kbHref;
  return toFile ? toFile(withBase(SEARCH_PATH)) : withBase(SEARCH_PATH);
}

/** A search address with these parameters: the search page's (see searchPagePath), or `path`. */
export function pageUrl(values: Partial<Params>, path = searchPagePath()): string {
  const url = new URLSearchParams();
  for (const key of ['q', 'product', 'year'] as const) {
    const value = values[key]?.trim();
    if (value) url.set(key, value);
  }
  return `${path}?${url.toString()}`;
}

/**
 * The search page's shell as lib/render/search-page.ts writes it (its noscript note aside), for a
 * static page that opens the search in place (client/search-in-place.ts).
 */
export function searchShell(): HTMLElement {
  return el('div', { class: 'kb-search-page', id: 'kb-search-page' },
    el('h1', {}, SEARCH_TITLE),
    el('form', { class: 'kb-search kb-search-main', role: 'search', 'aria-label': SEARCH_FORM_LABEL, action: withBase(SEARCH_PATH), method: 'get' },
      el('input', { type: 'search', name: 'q', 'aria-label': 'Search articles', autocomplete: 'off', placeholder: SEARCH_PLACEHOLDER }),
      el('button', { class: 'kb-search-submit', type: 'submit' }, 'Search')),
    el('div', { class: 'kb-search-filters', role: 'group', 'aria-label': 'Filters', 'data-idle': '' },
      el('label', {}, 'Product ', el('select', { name: 'product' }, el('option', { value: '' }, 'All products'))),
      ' ',
      el('label', {}, 'Year ', el('select', { name: 'year' }, el('option', { value: '' }, 'All years')))),
    el('p', { class: 'kb-search-status', role: 'status' }),
    el('div', { class: 'kb-search-body' }, el('p', { class: 'kb-search-hint' }, SEARCH_HINT)));
}

/** Empties a search form's box once its query went to the search page (which shows it in its own box). */
export function clearBox(form: HTMLFormElement): void {
  const box = form.querySelector<HTMLInputElement>('input[name="q"]');
  if (box) box.value = '';
}

export interface SearchPageHandle {
  /** answers the URL's parameters again (after the page was shown anew) */
  refresh(): void;
}

const mounted = new WeakMap<HTMLElement, SearchPageHandle>();

/**
 * Draws the search page into its shell (`#kb-search-page`) and answers the URL's query. While the
 * shell is out of the document (an article opened it in place, then the back button), it ignores
 * submits and history changes.
 */
export function searchPage(root: HTMLElement): SearchPageHandle {
  const existing = mounted.get(root);
  if (existing) return existing;
  const form = root.querySelector<HTMLFormElement>('form.kb-search-main');
  const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
  const filters = root.querySelector<HTMLElement>('.kb-search-filters');
  const status = root.querySelector<HTMLElement>('.kb-search-status');
  const body = root.querySelector<HTMLElement>('.kb-search-body');
  if (!form || !input || !filters || !status || !body) throw new Error('search page: the page lacks its form, filters, status or body');
  const hint = body.querySelector('.kb-search-hint')?.cloneNode(true) ?? null;
  // "Search · KB Archive": the title the static shell has (set by the opener when in place)
  const baseTitle = document.title;
  const searcher = browserSearcher();

  let params = readParams();
  let limit = PAGE;
  let sequence = 0;
  let shown: SearchResponse | null = null;

  /** A new query or filter: a history entry of this page, answered in place. */
  const go = (values: Params) => {
    params = values;
    limit = PAGE;
    window.history.pushState(null, '', pageUrl(values));
    void update();
  };

  const productSelect = filters.querySelector<HTMLSelectElement>('select[name="product"]');
  const yearSelect = filters.querySelector<HTMLSelectElement>('select[name="year"]');
  if (!productSelect || !yearSelect) throw new Error('search page: the filters lack their selects');
  productSelect.addEventListener('change', () => go({ ...params, product: productSelect.value }));
  yearSelect.addEventListener('change', () => go({ ...params, year: yearSelect.value }));
  let filled = false;

  /** Fills the shell's selects once (their first option, "All …", is the shell's) and shows them. */
  const drawFilters = (meta: SearchMeta) => {
    if (!filled) {
      productSelect.append(...[...meta.products].sort((a, b) => a.localeCompare(b)).map((p) => el('option', { value: p }, p)));
      yearSelect.append(...meta.years.map((y) => el('option', { value: String(y) }, String(y))));
      filled = true;
    }
    productSelect.value = params.product;
    yearSelect.value = params.year;
    filters.removeAttribute('data-idle');
  };

  // hidden fields carry the filters through a new query typed into the page's own box
  const syncForm = () => {
    if (document.activeElement !== input) input.value = params.q;
    form.querySelectorAll('input[type="hidden"]').forEach((field) => field.remove());
    for (const key of ['product', 'year'] as const) {
      if (params[key]) form.append(el('input', { type: 'hidden', name: key, value: params[key] }));
    }
  };

  const drawResults = (response: SearchResponse, suggestions: string[], focusFrom = -1) => {
    shown = response;
    const count = Math.min(response.results.length, limit);
    status.textContent = response.total === 0
      ? `No articles match “${response.query}”.`
      : `${response.total.toLocaleString('en-US')} ${response.total === 1 ? 'article' : 'articles'} for “${response.query}”${response.total > count ? `, showing ${count}` : ''}.`;
    const parts: Child[] = [];
    if (response.correction) {
      // as big engines say it; the second link searches the typed words as typed (quoted)
      const { query: corrected, original } = response.correction;
      const link = (q: string, ...children: Child[]) => {
        const a = el('a', { href: pageUrl({ ...params, q }) }, ...children);
        a.addEventListener('click', (event) => { event.preventDefault(); go({ ...params, q }); });
        return a;
      };
      parts.push(el('p', { class: 'kb-search-correction' },
        'Showing results for ', link(corrected, el('strong', {}, corrected)), '. Search instead for ', link(original, original), '.'));
    }
    if (response.fallback) parts.push(el('p', { class: 'kb-search-fallback' }, `${response.fallback}.`));
    for (const card of response.codeCard) parts.push(codeCard(card));
    if (response.total === 0) {
      const tries: Child[] = [];
      suggestions.forEach((s, i) => tries.push(i > 0 ? ', ' : '', el('a', { href: pageUrl({ q: s }) }, s)));
      parts.push(el('div', { class: 'kb-search-empty' },
        suggestions.length > 0 && el('p', {}, 'Try: ', ...tries),
        el('p', {}, 'Check the spelling, use fewer words, or search for the error code or article number alone.')));
    }
    if (response.results.length > 0) {
      const list = el('ol', { class: 'kb-results', 'aria-label': 'Search results' }, ...response.results.slice(0, count).map(resultItem));
      list.addEventListener('keydown', moveFocus);
      parts.push(list);
    }
    if (response.total > count) {
      const more = el('button', { type: 'button', class: 'kb-search-more' }, 'Show more results');
      more.addEventListener('click', () => {
        limit += PAGE;
        void update(count);
      });
      parts.push(more);
    }
    body.replaceChildren(...parts.filter((p): p is Node => p instanceof Node));
    // "Show more": the reader continues at the first new result
    if (focusFrom >= 0) body.querySelectorAll<HTMLAnchorElement>('a.kb-result-link')[focusFrom]?.focus();
  };

  const drawError = (message: string) => {
    shown = null;
    status.textContent = '';
    const retry = el('button', { type: 'button' }, 'Try again');
    retry.addEventListener('click', () => void update());
    body.replaceChildren(el('div', { role: 'alert', class: 'kb-search-error' },
      el('p', {}, `Search could not load its index (${message}). The articles themselves still work.`), retry));
  };

  /** Answers the current parameters; `focusFrom` is the result to focus afterwards ("Show more"). */
  const update = async (focusFrom = -1): Promise<void> => {
    const mine = ++sequence;
    const { q, product, year } = params;
    document.title = q ? `${q} · ${baseTitle}` : baseTitle;
    syncForm();
    if (!q.trim()) {
      shown = null;
      status.textContent = '';
      filters.setAttribute('data-idle', '');
      body.replaceChildren(...(hint ? [hint.cloneNode(true)] : []));
      return;
    }
    // while the next query runs, the last results stay (no flash) and say which query they answer
    if (!shown) {
      status.textContent = 'Searching…';
      body.replaceChildren();
    } else if (shown.query !== q) {
      status.textContent = `${status.textContent?.replace(/ Searching…$/, '') ?? ''} Searching…`;
    }
    try {
      const [response, meta] = await Promise.all([searcher.search(q, { limit, product: product || undefined, year: year || undefined }), searcher.meta()]);
      const suggestions = response.total === 0 ? await suggestionsFor(q) : [];
      if (mine !== sequence) return;
      drawFilters(meta);
      drawResults(response, suggestions, focusFrom);
    } catch (error) {
      if (mine === sequence) drawError(error instanceof Error ? error.message : String(error));
    }
  };

  // a search form submitted on this page (its own or the header's) is answered in place; without
  // JavaScript the forms are plain GET forms to this page
  document.addEventListener('submit', (event) => {
    const target = event.target;
    if (!root.isConnected || !(target instanceof HTMLFormElement) || !target.matches('form.kb-search') || event.defaultPrevented) return;
    event.preventDefault();
    const data = new FormData(target);
    const text = (key: string) => { const value = data.get(key); return typeof value === 'string' ? value : undefined; };
    go({ q: text('q') ?? '', product: text('product') ?? '', year: text('year') ?? '' });
    // the query moves to the page's own box: one box holds it, not two
    if (target !== form) clearBox(target);
  });
  const refresh = () => {
    params = readParams();
    limit = PAGE;
    input.value = params.q;
    void update();
  };
  window.addEventListener('popstate', () => { if (root.isConnected) refresh(); });
  const handle = { refresh };
  mounted.set(root, handle);
  void update();
  return handle;
}
