/**
 * The site header of the React pages; lib/render/chrome.ts renders the same markup for the static
 * pages (keep the two in step). The search form works without JavaScript: a GET to /search/.
 */
import { getSiteConfig } from '../lib/site-config';

/** Skip link, site name, search form and theme toggle. */
export function SiteHeader({ query }: { query?: string }) {
  const { withBase } = getSiteConfig();
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <div className="site-header-inner">
          <a className="site-name" href={withBase('/')}>KB Archive</a>
          <form className="kb-search" role="search" action={withBase('/search/')} method="get">
            <input type="search" name="q" placeholder="Search: 10038, WSAENOTSOCK, Q155738…" aria-label="Search articles" autoComplete="off" defaultValue={query} />
            <button className="kb-search-submit" type="submit">Search</button>
          </form>
          <button className="theme-toggle" type="button" title="Switch between light and dark">Dark mode</button>
        </div>
      </header>
    </>
  );
}
