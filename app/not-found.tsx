/**
 * The 404 page (exported as out/404.html, which static hosts serve for any unknown path). Hand-typed
 * article addresses (/kb/Q155738/, /q155738, /KB155738…) are resolved by the small script
 * /assets/alias.js, which redirects to the permalink; everything else gets a search for what was typed.
 * Without JavaScript the page explains the address scheme and offers the search form.
 */
const base = process.env.NEXT_PUBLIC_KB_BASE_PATH ?? '';

export default function NotFound() {
  return (
    <div className="kb-not-found" id="kb-not-found" data-base={base}>
      <h1>Page not found</h1>
      {/* alias.js changes these three; suppressHydrationWarning makes React keep its text and attributes
          (whether the script ran before hydration or after) instead of re-rendering the page */}
      <p id="kb-alias-status" role="status" suppressHydrationWarning>
        No page of the archive lives at this address.
      </p>
      <p hidden suppressHydrationWarning>
        <a id="kb-alias-canonical" href={`${base}/`} suppressHydrationWarning>
          Go to the article
        </a>
      </p>
      <p hidden suppressHydrationWarning>
        <a id="kb-alias-search" href={`${base}/search/`} suppressHydrationWarning>
          Search the archive
        </a>
      </p>
      <p>
        Articles live at addresses such as <code>/kb/155/Q155738/</code>: <code>/kb/</code>, the first three digits of the
        article number padded to six digits, then the ID.
      </p>
      <form action={`${base}/search/`} method="get" aria-label="Search the archive">
        <label htmlFor="kb-404-q">Search for an article number, error code or words</label>{' '}
        <input id="kb-404-q" name="q" type="search" />{' '}
        <button type="submit">Search</button>
      </form>
      <p>
        <a href={`${base}/`}>Home</a>
      </p>
      <script src={`${base}/assets/alias.js`} async />
    </div>
  );
}
