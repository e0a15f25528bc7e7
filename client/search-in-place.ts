/**
 * On every page of the site but the search page itself, a header search submitted once the search
 * bundle is loaded opens the search page in place: the URL becomes `/search/?q=…` through
 * pushState, <main> shows the search page's shell (the same markup /search/ is served with) and the
 * searcher that made the suggestions answers at once, with no page load. Reload gives the real
 * /search/ page; Back puts the page's own content back (title and scroll too); Forward shows the
 * search again. Pages say what they are on <html>: `data-kb-page="static"` (route-handler pages) or
 * `"react"` (home, /error/, 404). On the React pages Next patches pushState and keeps its own state
 * in the entries (it restores the same tree on Back and Forward, so React never touches the swapped
 * <main>). The file:// copy keeps the plain form submit: file:// refuses pushState to another path.
 */
import { SEARCH_PATH, SEARCH_TITLE } from '../lib/search/page-text';
import { withBase } from './base-path';
import { clearBox, pageUrl, searchPage, searchShell, type SearchPageHandle } from './search-page';

interface Opened {
  main: HTMLElement;
  root: HTMLElement;
  page: SearchPageHandle | null;
  /** the page's own content while the search is shown */
  saved: Node[];
  title: string;
}

let opened: Opened | null = null;

/** Whether this page may open the search in place. */
export function canOpenInPlace(): boolean {
  const kind = document.documentElement.dataset.kbPage;
  return (kind === 'static' || kind === 'react') && location.protocol !== 'file:'
    && !document.getElementById('kb-search-page') && document.getElementById('main') !== null;
}

const isSearchUrl = () => location.pathname === withBase(SEARCH_PATH);

function showSearch(state: Opened): void {
  if (state.root.isConnected) return;
  state.saved = [...state.main.childNodes];
  state.main.replaceChildren(state.root);
  // "<page> · KB Archive" on most pages, the bare site name on the home page
  const site = document.querySelector<HTMLMetaElement>('meta[property="og:site_name"]')?.content ?? state.title.split(' · ').pop();
  document.title = site ? `${SEARCH_TITLE} · ${site}` : SEARCH_TITLE;
}

function showPage(state: Opened): void {
  if (!state.root.isConnected) return;
  state.main.replaceChildren(...state.saved);
  document.title = state.title;
}

function onPopState(event: PopStateEvent): void {
  if (!opened) return;
  if (isSearchUrl()) {
    showSearch(opened);
    // the search page's own popstate listener (registered after this one) re-reads the URL
  } else {
    showPage(opened);
    const y = (event.state as { kbScroll?: number } | null)?.kbScroll;
    if (typeof y === 'number') window.scrollTo(0, y);
  }
}

/**
 * Opens the search page in place for a submitted header form; returns false (and does nothing)
 * when this page cannot, so the form submits as usual.
 */
export function openSearchInPlace(form: HTMLFormElement): boolean {
  if (!canOpenInPlace()) return false;
  const query = new FormData(form).get('q');
  if (typeof query !== 'string') return false;
  if (!opened) {
    const main = document.getElementById('main');
    if (!main) return false;
    opened = { main, root: searchShell(), page: null, saved: [], title: document.title };
    window.addEventListener('popstate', onPopState);
  }
  // the page's entry remembers where the reader was, for Back
  window.history.replaceState({ ...(window.history.state as object | null), kbScroll: window.scrollY }, '');
  window.history.pushState({ kbSearch: 1 }, '', pageUrl({ q: query }, withBase(SEARCH_PATH)));
  showSearch(opened);
  window.scrollTo(0, 0);
  if (opened.page) opened.page.refresh();
  else opened.page = searchPage(opened.root);
  clearBox(form);
  return true;
}
