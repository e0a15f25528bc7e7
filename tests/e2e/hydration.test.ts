/**
 * React pages must hydrate cleanly: a script that changes the DOM before React hydrates (the offline
 * control once did) makes React throw error #418 and re-render the whole page on the client. The
 * search page (static HTML drawn by the search bundle) is held to the same: no script error, no
 * failed request, the page scripts run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSkip, useSiteAndBrowser } from './pages-browser';

const skip = browserSkip();
const env = useSiteAndBrowser(skip);

for (const pagePath of ['/', '/search/?q=10038', '/error/', '/no-such-page/']) {
  test(`${pagePath} loads with no script error and no failed request`, { skip }, async () => {
    const page = await env.browser().newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`script error: ${e.message.slice(0, 160)}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== pagePath) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(env.origin() + pagePath, { waitUntil: 'networkidle' });
    // the offline control is unhidden by offline.js: proof the scripts ran on a hydrated page
    await page.locator('.kb-offline-button').waitFor({ state: 'visible', timeout: 10_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });
}
