/**
 * React pages must hydrate cleanly: a script that changes the DOM before React hydrates (the offline
 * control once did) makes React throw error #418 and re-render the whole page on the client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchBrowser, serveSite } from './pages-browser';

const skip = browserSkip();
let browser: Browser;
let site: { origin: string; close(): Promise<void> };

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  site = await serveSite();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

for (const pagePath of ['/', '/search/?q=10038', '/error/', '/no-such-page/']) {
  test(`${pagePath} loads with no script error and no failed request`, { skip }, async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`script error: ${e.message.slice(0, 160)}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== pagePath) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(site.origin + pagePath, { waitUntil: 'networkidle' });
    // the offline control is unhidden by offline.js: proof the scripts ran on a hydrated page
    await page.locator('.kb-offline-button').waitFor({ state: 'visible', timeout: 10_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });
}
