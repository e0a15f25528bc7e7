/**
 * The search box's suggestions (loaded on first focus by kb.ts): a listbox below the form (never over
 * the input or its button: it is as wide as the form and starts under it) with the
 * best matches as you type (the last word also matches as a prefix), the code card when the query is
 * an error code, and "search for …". Arrow keys move through it (aria-activedescendant), Enter opens
 * the active suggestion or submits the form to /search/?q= (opened in place:
 * client/search-in-place.ts). Article text is set as textContent only.
 */
import type { SearchResponse } from '../lib/search/query';
import { withBase } from './base-path';
import { browserSearcher } from './search-index';
import { openSearchInPlace } from './search-in-place';

const STYLE = `.kb-suggest{position:absolute;z-index:50;top:calc(100% + .25rem);left:0;right:0;margin:0;padding:.25rem 0;list-style:none;background:Canvas;color:CanvasText;border:1px solid GrayText;border-radius:.4rem;box-shadow:0 .4rem 1.2rem rgb(0 0 0/.2)}
.kb-suggest li{padding:.35rem .7rem;cursor:pointer;display:flex;gap:.6rem;justify-content:space-between}
.kb-suggest li[aria-selected=true]{background:Highlight;color:HighlightText}
.kb-suggest .kb-suggest-id{opacity:.75;font-variant-numeric:tabular-nums;white-space:nowrap}`;

let count = 0;

interface Option { label: string; detail: string; href: string | null }

function optionsOf(response: SearchResponse, query: string): Option[] {
  const options: Option[] = response.codeCard.slice(0, 1).map((card) => ({
    label: `${card.name} (${card.family} ${card.value}, ${card.hex})`, detail: 'error code', href: withBase(card.href),
  }));
  for (const r of response.results) options.push({ label: r.title, detail: r.id, href: withBase(r.permalink) });
  options.push({ label: `Search for “${query.trim()}”`, detail: '', href: null });
  return options;
}

/** Adds suggestions to one search form. */
export function enhance(form: HTMLFormElement, input: HTMLInputElement): void {
  if (input.dataset.kbEnhanced) return;
  input.dataset.kbEnhanced = '1';
  // fetch the index's meta file and code table now, while the reader types: the first query then loads only its own files
  void browserSearcher().warm().catch(() => undefined);
  if (!document.getElementById('kb-suggest-style')) {
    const style = document.createElement('style');
    style.id = 'kb-suggest-style';
    style.textContent = STYLE;
    document.head.append(style);
  }
  const list = document.createElement('ul');
  list.id = `kb-suggest-${++count}`;
  list.className = 'kb-suggest';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggestions');
  list.hidden = true;
  input.insertAdjacentElement('afterend', list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  let options: Option[] = [];
  let active = -1;
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setActive = (index: number) => {
    active = index;
    list.querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${list.id}-${index}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const hide = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const choose = (index: number) => {
    const option = options[index];
    // the file:// copy's shim maps site paths to its files; elsewhere __kbHref is absent
    const toFile = (window as { __kbHref?: (sitePath: string) => string }).__kbHref;
    if (option?.href) window.location.assign(toFile ? toFile(option.href) : option.href);
    else form.requestSubmit();
  };
  const render = (response: SearchResponse, query: string) => {
    options = optionsOf(response, query);
    list.replaceChildren(...options.map((option, i) => {
      const li = document.createElement('li');
      li.id = `${list.id}-${i}`;
      li.setAttribute('role', 'option');
      const label = document.createElement('span');
      label.textContent = option.label;
      const detail = document.createElement('span');
      detail.className = 'kb-suggest-id';
      detail.textContent = option.detail;
      li.append(label, detail);
      li.addEventListener('mousedown', (event) => { event.preventDefault(); choose(i); });
      return li;
    }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(-1);
  };
  const update = () => {
    const query = input.value;
    const mine = ++sequence;
    if (!query.trim()) return hide();
    browserSearcher().search(query, { prefix: true, limit: 6 }).then(
      (response) => { if (mine === sequence && document.activeElement === input) render(response, query); },
      () => { if (mine === sequence) hide(); }, // suggestions are a help: the form still submits
    );
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 40);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.hidden) return update();
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // cycles through the options and back to the input (-1)
      const next = active + step;
      setActive(next >= options.length ? -1 : next < -1 ? options.length - 1 : next);
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      hide();
    }
  });
  input.addEventListener('blur', () => setTimeout(hide, 100));
  // the search page answers a submit in place (no page load): the list must not stay open over the
  // results; on any other page the submit opens the search page in place
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    sequence++;
    hide();
    if (!event.defaultPrevented && !document.getElementById('kb-search-page') && openSearchInPlace(form)) event.preventDefault();
  });
  if (input.value.trim() && document.activeElement === input) update();
}

// the search page is drawn by this bundle too (kb.ts mounts it on /search/)
export { searchPage } from './search-page';
// the bench page (scripts/bench-search.ts) queries through the very code the search box uses
export { browserSearcher } from './search-index';
