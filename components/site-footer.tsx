/** The site footer of the React pages, the same markup as lib/render/chrome.ts's. */
import { getSiteConfig } from '../lib/site-config';

/** Links that help a reader find their way on. */
export function SiteFooter() {
  const { withBase } = getSiteConfig();
  return (
    <footer className="site-footer">
      <nav aria-label="Site">
        <ul>
          <li><a href={withBase('/')}>Home</a></li>
          <li><a href={withBase('/search/')}>Search</a></li>
          <li><a href={withBase('/error/')}>Error codes</a></li>
        </ul>
      </nav>
      <p>An archive of knowledge-base articles, as static pages. Article text is shown as published.</p>
      {/* same markup as lib/render/chrome.ts's offlineBox(): offline.js only unhides it, so hydration matches */}
      <div className="kb-offline" hidden>
        <button className="kb-offline-button" type="button">Make available offline</button>{' '}
        <progress hidden aria-label="Saving for offline use" />{' '}
        <span className="kb-offline-status" role="status" />
      </div>
    </footer>
  );
}
