/**
 * The result list of the search page: an <ol> of links to article permalinks with ID, product, date,
 * the matched section and a highlighted snippet. Arrow keys move between the result links.
 */
import type { KeyboardEvent } from 'react';
import type { SearchResult } from '../lib/search/query';
import { Marked } from './search-marked';

const SECTION_NAMES: Record<string, string> = { body: 'text', 'more-information': 'more information' };

function moveFocus(event: KeyboardEvent<HTMLOListElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.kb-result-link')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = event.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
  links[next]?.focus();
  event.preventDefault();
}

/** The results, in rank order; `withBase` prefixes permalinks with the site's base path. */
export function SearchResults({ results, start, withBase }: { results: SearchResult[]; start: number; withBase: (path: string) => string }) {
  return (
    <ol className="kb-results" start={start + 1} onKeyDown={moveFocus} aria-label="Search results">
      {results.map((r) => (
        <li key={r.id} className="kb-result">
          <h2 className="kb-result-title">
            <a className="kb-result-link" href={withBase(r.permalink)}><Marked text={r.title} ranges={r.titleHighlights} /></a>
          </h2>
          <p className="kb-result-meta">
            <span className="kb-result-id">{r.id}</span>
            {r.product && <> · <span>{r.product}</span></>}
            {r.lastModified && <> · <time dateTime={r.lastModified}>{r.lastModified}</time></>}
            {r.section && <> · matched in <span className="kb-result-section">{SECTION_NAMES[r.section] ?? r.section.replace(/-/g, ' ')}</span></>}
          </p>
          {r.snippet.text && <p className="kb-result-snippet"><Marked text={r.snippet.text} ranges={r.snippet.highlights} /></p>}
        </li>
      ))}
    </ol>
  );
}
