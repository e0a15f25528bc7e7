/**
 * Part of `<base>/assets/kb.js` (client/page.ts), on every page: enhances each `form.kb-search` (a plain GET form that works
 * without JavaScript). `/` and Ctrl+K focus the box; the search code and index load only on first
 * focus or typing (a second bundle, `assets/search-<hash>.js`), then suggestions appear as you type.
 * Listeners sit on the document, so forms rendered later (React pages) are enhanced too. On the search
 * page the same bundle draws the results (client/search-page.ts).
 */
import { withBase } from './base-path';

// replaced by scripts/bundle-client.ts with the hashed file name of the search bundle
declare const __KB_SEARCH_CHUNK__: string;

// the search bundle's exports (a type only: esbuild drops the import, the bundle stays separate)
type SearchUi = Pick<typeof import('./search-ui'), 'enhance' | 'searchPage'>;

let loading: Promise<SearchUi> | null = null;
/** Loads the search bundle once; a failed load may be retried on the next focus. */
function loadSearchUi(): Promise<SearchUi> {
  if (!loading) {
    loading = import(/* webpackIgnore: true */ withBase(`/assets/${__KB_SEARCH_CHUNK__}`)) as Promise<SearchUi>;
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** The search box an event target is, if it is one. */
function searchBox(target: EventTarget | null): { form: HTMLFormElement; input: HTMLInputElement } | null {
  const input = target instanceof HTMLInputElement && target.name === 'q' ? target : null;
  const form = input?.closest<HTMLFormElement>('form.kb-search');
  return input && form ? { form, input } : null;
}

function start(target: EventTarget | null): void {
  const box = searchBox(target);
  if (!box || box.input.dataset.kbEnhanced) return;
  loadSearchUi().then(
    (ui) => ui.enhance(box.form, box.input),
    // the plain form still works; the next focus tries again
    () => { box.form.dataset.kbSearchError = 'search could not load'; },
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

document.addEventListener('focusin', (event) => start(event.target));
document.addEventListener('input', (event) => start(event.target));
document.addEventListener('keydown', (event) => {
  const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
  const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
  if (!slash && !ctrlK) return;
  const first = document.querySelector<HTMLInputElement>('form.kb-search input[name="q"]');
  if (!first) return;
  event.preventDefault();
  first.focus();
  first.select();
});
if (document.activeElement) start(document.activeElement);

// the search page's shell (lib/render/search-page.ts): the same bundle draws its results. From disk
// (file://) import() is refused; the offline copy's file-shim.js mounts the page instead.
const searchRoot = document.getElementById('kb-search-page');
if (searchRoot && location.protocol !== 'file:') {
  loadSearchUi().then(
    (ui) => ui.searchPage(searchRoot),
    () => {
      const status = searchRoot.querySelector('.kb-search-status');
      if (status) status.textContent = 'Search could not load its code. Reload to try again; the articles themselves still work.';
    },
  );
}
