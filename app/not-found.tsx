/**
 * Next's not-found route: in `next dev` it shows the 404 page's content (lib/render/not-found-page.ts)
 * in the React layout. The export's out/404.html is that page as plain static HTML, written after
 * next build (scripts/build.ts), so the deployed 404 page loads no framework.
 */
import { toHtml } from 'hast-util-to-html';
import { notFoundMain } from '../lib/render/not-found-page';
import { getSiteConfig } from '../lib/site-config';

export default function NotFound() {
  const { basePath, withBase } = getSiteConfig();
  return (
    <>
      <div style={{ display: 'contents' }} dangerouslySetInnerHTML={{ __html: toHtml(notFoundMain({ basePath })) }} />
      <script src={withBase('/assets/alias.js')} async />
    </>
  );
}
