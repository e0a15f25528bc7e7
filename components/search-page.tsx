'use client';
/**
 * The search page (/search/?q=…&product=…&year=…): reads the query from the URL (shareable, survives
 * reload, back button works), loads the index lazily and shows the result count, the code card, the
 * results and the filters, with clear loading, no-result and error states.
 */
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { withBase } from '../client/base-path';
import { browserSearcher } from '../client/search-index';
import type { SearchMeta } from '../lib/search/format';
import type { SearchResponse } from '../lib/search/query';
import { SearchCodeCard } from './search-code-card';
import { SearchResults } from './search-results';

const PAGE = 10;

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; response: SearchResponse; suggestions: string[] }
  | { status: 'error'; message: string };

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

/**
 * A new query or filter: a history entry of this page. Next syncs useSearchParams with the native
 * History API, and unlike router.push this fetches nothing (no RSC payload round trip).
 */
function pushQuery(values: Partial<Record<'q' | 'product' | 'year', string>>): void {
  const url = new URLSearchParams();
  for (const key of ['q', 'product', 'year'] as const) {
    const value = values[key]?.trim();
    if (value) url.set(key, value);
  }
  window.history.pushState(null, '', withBase(`/search/?${url.toString()}`));
}

export function SearchPage() {
  const params = useSearchParams();
  const q = params.get('q') ?? '';
  const product = params.get('product') ?? '';
  const year = params.get('year') ?? '';
  const [limit, setLimit] = useState(PAGE);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<State>({ status: 'idle' });
  const [meta, setMeta] = useState<SearchMeta | null>(null);

  useEffect(() => setLimit(PAGE), [q, product, year]);
  useEffect(() => {
    document.title = q ? `${q} · Search · KB Archive` : 'Search · KB Archive';
    if (!q.trim()) {
      setState({ status: 'idle' });
      return;
    }
    let cancelled = false;
    setState((s) => (s.status === 'done' ? s : { status: 'loading' }));
    const searcher = browserSearcher();
    (async () => {
      const [response, m] = await Promise.all([searcher.search(q, { limit, product: product || undefined, year: year || undefined }), searcher.meta()]);
      const suggestions = response.total === 0 ? await suggestionsFor(q) : [];
      if (cancelled) return;
      setMeta(m);
      setState({ status: 'done', response, suggestions });
    })().catch((error: unknown) => {
      if (!cancelled) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => { cancelled = true; };
  }, [q, product, year, limit, attempt]);

  // a search form submitted on this page (its own or the header's) updates the URL in place: no page
  // load, so the index files and code already loaded answer the next query; without JavaScript the
  // forms are plain GET forms to this page
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.matches('form.kb-search') || event.defaultPrevented) return;
      event.preventDefault();
      const data = new FormData(form);
      const text = (key: string) => { const value = data.get(key); return typeof value === 'string' ? value : undefined; };
      pushQuery({ q: text('q'), product: text('product'), year: text('year') });
    };
    document.addEventListener('submit', onSubmit);
    return () => document.removeEventListener('submit', onSubmit);
  }, []);

  const go = (next: { q?: string; product?: string; year?: string }) => pushQuery({ q, product, year, ...next });

  return (
    <div className="kb-search-page">
      <h1>Search</h1>
      <form className="kb-search kb-search-main" role="search" action={withBase('/search/')} method="get" key={q}>
        <input type="search" name="q" defaultValue={q} aria-label="Search articles" autoComplete="off"
          placeholder="10038, WSAENOTSOCK, Q155738, or words from the message" />
        {product && <input type="hidden" name="product" value={product} />}
        {year && <input type="hidden" name="year" value={year} />}
        <button className="kb-search-submit" type="submit">Search</button>
      </form>
      {meta && q && (
        <div className="kb-search-filters" role="group" aria-label="Filters">
          <label>Product{' '}
            <select value={product} onChange={(e) => go({ product: e.target.value })}>
              <option value="">All products</option>
              {[...meta.products].sort((a, b) => a.localeCompare(b)).map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>{' '}
          <label>Year{' '}
            <select value={year} onChange={(e) => go({ year: e.target.value })}>
              <option value="">All years</option>
              {meta.years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
            </select>
          </label>
        </div>
      )}
      <SearchBody state={state} q={q} limit={limit} onMore={() => setLimit((n) => n + PAGE)} onRetry={() => setAttempt((n) => n + 1)} />
    </div>
  );
}

function SearchBody({ state, q, limit, onMore, onRetry }: { state: State; q: string; limit: number; onMore(): void; onRetry(): void }) {
  if (state.status === 'idle') {
    return <p className="kb-search-hint">Type an article number (Q155738), an error code (10038, 0x80004005, STOP 0xA) or words from a message.</p>;
  }
  if (state.status === 'loading') return <p role="status" className="kb-search-status">Searching…</p>;
  if (state.status === 'error') {
    return (
      <div role="alert" className="kb-search-error">
        <p>Search could not load its index ({state.message}). The articles themselves still work.</p>
        <button type="button" onClick={onRetry}>Try again</button>
      </div>
    );
  }
  const { response, suggestions } = state;
  // while the next query runs, the last results stay (no flash) and say which query they answer
  const answered = response.query;
  const shown = Math.min(response.results.length, limit);
  return (
    <>
      <p role="status" className="kb-search-status">
        {response.total === 0 ? `No articles match “${answered}”.` : `${response.total.toLocaleString('en-US')} ${response.total === 1 ? 'article' : 'articles'} for “${answered}”${response.total > shown ? `, showing ${shown}` : ''}.`}
        {answered !== q && ' Searching…'}
      </p>
      {response.fallback && <p className="kb-search-fallback">{response.fallback}.</p>}
      {response.codeCard.map((card) => <SearchCodeCard key={card.key} card={card} />)}
      {response.total === 0 && (
        <div className="kb-search-empty">
          {suggestions.length > 0 && (
            <p>Try: {suggestions.map((s, i) => <span key={s}>{i > 0 && ', '}<a href={withBase(`/search/?q=${encodeURIComponent(s)}`)}>{s}</a></span>)}</p>
          )}
          <p>Check the spelling, use fewer words, or search for the error code or article number alone.</p>
        </div>
      )}
      {response.results.length > 0 && <SearchResults results={response.results} start={0} withBase={withBase} />}
      {response.total > shown && <button type="button" className="kb-search-more" onClick={onMore}>Show more results</button>}
    </>
  );
}
