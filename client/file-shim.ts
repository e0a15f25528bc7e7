/**
 * `assets/file-shim.js`, only in the offline copy (out-offline/), loaded first by every page: makes the
 * site's scripts work from disk (file://), where fetch cannot read files and `/…` means the disk root.
 * - fetch of `…/_kb/search/X.json` loads the copy's `X.json.js` with a script tag instead; that file calls
 *   `window.__kbLoad("X.json", data)` (script tags are the one thing file:// pages may load).
 * - links the scripts add with site paths (`/kb/155/Q155738/`) are pointed at the copy's files.
 * - the search box: kb.js loads its search code with import(), which file:// refuses; the copy carries
 *   the same code as a classic script (`assets/search-ui-file.js`), loaded here on first focus, and on
 *   the search page, which that code draws.
 */
(() => {
  if (location.protocol !== 'file:') return;
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const root = new URL('../', script.src); // this file lives in <root>/assets/
  const waiting = new Map<string, (data: unknown) => void>();
  const loads = new Map<string, Promise<unknown>>();
  const w = window as unknown as { __kbLoad?: (name: string, data: unknown) => void; __kbHref?: (sitePath: string) => string };

  w.__kbLoad = (name, data) => {
    waiting.get(name)?.(data);
    waiting.delete(name);
  };

  function load(name: string): Promise<unknown> {
    let promise = loads.get(name);
    if (!promise) {
      promise = new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const tag = document.createElement('script');
        tag.src = new URL(`_kb/search/${name}.js`, root).href;
        tag.onerror = () => reject(new Error(`offline copy: ${name}.js is missing`));
        document.head.append(tag);
      });
      loads.set(name, promise);
    }
    return promise;
  }

  const realFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const match = /\/_kb\/search\/(.+\.json)$/.exec(new URL(raw, location.href).pathname);
    if (!match?.[1]) return realFetch(input, init);
    return load(decodeURIComponent(match[1])).then(
      (data) => new Response(JSON.stringify(data), { headers: { 'content-type': 'application/json' } }),
    );
  };

  /** `/kb/155/Q155738/?x` → `<root>/kb/155/Q155738/index.html?x` */
  function toFile(sitePath: string): string {
    const cut = sitePath.search(/[?#]/);
    const pathPart = cut === -1 ? sitePath : sitePath.slice(0, cut);
    const tail = cut === -1 ? '' : sitePath.slice(cut);
    return new URL((pathPart.endsWith('/') ? `${pathPart}index.html` : pathPart).slice(1), root).href + tail;
  }

  // the search box navigates with site paths (a chosen suggestion): point them at the copy's files
  w.__kbHref = toFile;

  function fixLinks(scope: ParentNode): void {
    for (const a of Array.from(scope.querySelectorAll<HTMLAnchorElement>('a[href^="/"]'))) {
      const href = a.getAttribute('href') ?? '';
      if (!href.startsWith('//')) a.setAttribute('href', toFile(href));
    }
  }

  type SearchUi = Pick<typeof import('./search-ui'), 'enhance' | 'searchPage'>;
  let searchUi: Promise<SearchUi> | null = null;
  const loadSearchUi = () => searchUi ??= new Promise<SearchUi>((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = new URL('assets/search-ui-file.js', root).href;
    tag.onload = () => {
      const ui = (window as unknown as { __kbSearchUi?: SearchUi }).__kbSearchUi;
      if (ui) resolve(ui);
      else reject(new Error('offline copy: search-ui-file.js defines no __kbSearchUi'));
    };
    tag.onerror = () => reject(new Error('offline copy: search-ui-file.js is missing'));
    document.head.append(tag);
  });
  document.addEventListener('focusin', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== 'q' || input.dataset.kbEnhanced) return;
    const form = input.closest<HTMLFormElement>('form.kb-search');
    if (!form) return;
    loadSearchUi().then((ui) => ui.enhance(form, input), () => undefined);
  });
  // the search page: drawn by the same code once the page is parsed (this script runs in <head>)
  document.addEventListener('DOMContentLoaded', () => {
    const page = document.getElementById('kb-search-page');
    if (page) loadSearchUi().then((ui) => ui.searchPage(page), () => undefined);
  });

  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof HTMLAnchorElement && node.parentNode) fixLinks(node.parentNode);
        else if (node instanceof Element) fixLinks(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
