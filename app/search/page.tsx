/**
 * /search/: the query lives in the URL, so the page is one static file and the client component reads
 * it (useSearchParams needs a Suspense boundary in a static export). Without JavaScript the fallback
 * explains that search needs it and the article pages remain reachable.
 */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SearchPage } from '../../components/search-page';

export const metadata: Metadata = { title: 'Search', robots: { index: false } };

export default function Search() {
  return (
    <Suspense fallback={<SearchFallback />}>
      <SearchPage />
    </Suspense>
  );
}

function SearchFallback() {
  return (
    <div className="kb-search-page">
      <h1>Search</h1>
      <p role="status" className="kb-search-status">Loading search…</p>
      <noscript><p>Search runs in your browser and needs JavaScript. Every article has its own address: /kb/155/Q155738/.</p></noscript>
    </div>
  );
}
