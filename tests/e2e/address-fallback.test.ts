/**
 * The GitHub Pages fallback in Chromium: a host that only serves the 404 page for unknown paths (no
 * redirects: scripts/pages-like-host.ts) must still take an old address to the article at once. The
 * inline script at the top of the 404 page's `<head>` reads the permalink's HTML and writes it in
 * place of the 404 page at the permalink's address: one document, no second navigation, "Page not
 * found" never painted; the article page then works as if visited directly (its scripts, the
 * theme, back and forward), at the root and under a base path. The home page does the same for
 * `/?kbid=`; with JavaScript off the 404 page still explains. The speed goal (within 100 ms of the
 * permalink's first contentful paint with the CPU throttled 4x) is measured by `npm run bench:fallback`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { addressRedirectScript } from '../../lib/hosting/address-script';
import { injectAddressScript } from '../../lib/hosting/index';
import { startPagesLikeHost, type PagesLikeHost } from '../../scripts/pages-like-host';
import { browserSkip, launchBrowser, outDir } from './pages-browser';

const skip = browserSkip();
const PERMALINK = '/kb/155/Q155738/';
const TITLE = /^Q155738: /;
const BASE = '/kbarchive';
let browser: Browser;
let host: PagesLikeHost;
let baseHost: PagesLikeHost;
let tmp = '';

before(async () => {
  if (skip) return;
  host = await startPagesLikeHost(outDir);
  // under a base path: the sample build's 404 page with the script a KB_BASE_PATH build would carry
  tmp = mkdtempSync(path.join(tmpdir(), 'kb-fallback-'));
  writeFileSync(path.join(tmp, '404.html'), readFileSync(path.join(outDir, '404.html')));
  await injectAddressScript(tmp, addressRedirectScript(BASE, {}));
  baseHost = await startPagesLikeHost(outDir, { base: BASE, notFoundPage: path.join(tmp, '404.html') });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await host?.close();
  await baseHost?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A context that records, per page, whether a paint happened while the title said "not found". */
async function watchedContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  await context.addInitScript(() => {
    new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name === 'first-paint' || e.name === 'first-contentful-paint') && /not found/i.test(document.title)) {
        sessionStorage.setItem('kb-not-found-painted', '1');
      }
    }).observe({ type: 'paint', buffered: true });
  });
  return context;
}

/** Visits `url`, waits for the article at `origin + base + PERMALINK`; returns what a reader would notice. */
async function visitOldAddress(origin: string, url: string, base = '') {
  const context = await watchedContext();
  const page = await context.newPage();
  const documents: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => { if (r.resourceType() === 'document') documents.push(new URL(r.url()).pathname); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(origin + url);
  await page.waitForURL(`${origin}${base}${PERMALINK}`);
  await page.waitForLoadState('load');
  const seen = await page.evaluate(() => ({
    title: document.title,
    h1: document.querySelector('h1')?.textContent ?? '',
    notFound: document.querySelector('#kb-not-found') !== null && (document.querySelector('#kb-not-found') as HTMLElement).offsetParent !== null,
    paintedNotFound: sessionStorage.getItem('kb-not-found-painted') === '1',
    htmlAttributes: [...document.documentElement.attributes].map((a) => a.name).sort(),
  }));
  return { context, page, documents, errors, ...seen };
}

test('an old address on the 404 fallback becomes the article in place: one document, "Page not found" never painted, its scripts run', { skip }, async () => {
  for (const url of ['/support/kb/articles/Q155/7/38.asp', '/kb/155738/en-us', '/Q155738']) {
    const v = await visitOldAddress(host.origin, url);
    assert.match(v.title, TITLE, url);
    assert.match(v.h1, /WSAENOTSOCK/, url);
    assert.equal(v.notFound, false, `${url}: the 404 page's text is not shown`);
    assert.equal(v.paintedNotFound, false, `${url}: "Page not found" is never painted`);
    assert.deepEqual(v.documents, [url.split('?')[0]], `${url}: one document, no second navigation`);
    assert.deepEqual(v.htmlAttributes, ['data-kb-page', 'lang'], 'the <html> attributes are the article page\'s');
    // kb.js ran (its article part, client/article-page.ts): it shows the copy controls it drives
    assert.equal(await v.page.locator('.copy-controls').first().isVisible(), true, 'the article page\'s script ran');
    assert.deepEqual(v.errors, []);
    await v.context.close();
  }
});

test('an article without a number, by its ID in another case, also becomes the article in place', { skip }, async () => {
  const { ids } = JSON.parse(readFileSync(path.join(outDir, '_kb', 'aliases.json'), 'utf8')) as { ids: Record<string, string> };
  const [id, permalink] = Object.entries(ids)[0] ?? [];
  assert.ok(id && permalink, 'the sample build has an article whose ID has no number');
  const context = await watchedContext();
  const page = await context.newPage();
  const documents: string[] = [];
  page.on('request', (r) => { if (r.resourceType() === 'document') documents.push(new URL(r.url()).pathname); });
  await page.goto(`${host.origin}/kb/${id}/en-us`);
  await page.waitForURL(`${host.origin}${permalink}`);
  assert.deepEqual(documents, [`/kb/${id}/en-us`], 'one document');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kb-not-found-painted')), null);
  await context.close();
});

test('the article reached from an old address keeps the theme and behaves on back and forward', { skip }, async () => {
  const context = await watchedContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/`);
  await page.evaluate(() => localStorage.setItem('kb-theme', 'dark'));
  await page.goto(`${host.origin}/KB155738`);
  await page.waitForURL(`${host.origin}${PERMALINK}`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the theme script of the article ran');
  await page.locator('a.site-name').click();
  await page.waitForURL(`${host.origin}/`);
  await page.goBack();
  await page.waitForURL(`${host.origin}${PERMALINK}`);
  assert.match(await page.title(), TITLE, 'back: the article');
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, '/', 'the old address left no history entry of its own');
  await context.close();
});

test('under a base path (KB_BASE_PATH=/kbarchive) an old address becomes the article at the base path\'s permalink', { skip }, async () => {
  const v = await visitOldAddress(baseHost.origin, `${BASE}/default.aspx?scid=kb;en-us;Q155738`, BASE);
  assert.match(v.title, TITLE);
  assert.equal(v.paintedNotFound, false);
  assert.deepEqual(v.documents, [`${BASE}/default.aspx`]);
  await v.context.close();
});

test('the home page does the same for /?kbid=; an unknown number or a fragment navigate; with JavaScript off the 404 page explains', { skip }, async () => {
  const home = await visitOldAddress(host.origin, '/?kbid=155738');
  assert.match(home.title, TITLE);
  assert.equal(home.paintedNotFound, false);
  assert.deepEqual(home.documents, ['/']);
  await home.context.close();
  const context = await watchedContext();
  const page = await context.newPage();
  // a number that names no article: the script cannot know before asking, so it lands on the 404 page at the number's permalink
  await page.goto(`${host.origin}/Q999999`);
  await page.waitForURL(`${host.origin}/kb/999/Q999999/`);
  await page.locator('#kb-alias-status', { hasText: 'no article Q999999' }).waitFor();
  // a fragment: a real navigation, which scrolls to it
  await page.goto(`${host.origin}/Q155738#summary`);
  await page.waitForURL(`${host.origin}${PERMALINK}#summary`);
  assert.match(await page.title(), TITLE);
  await context.close();
  const off = await browser.newContext({ javaScriptEnabled: false });
  const offPage = await off.newPage();
  const response = await offPage.goto(`${host.origin}/Q155738`);
  assert.equal(response?.status(), 404);
  assert.equal(new URL(offPage.url()).pathname, '/Q155738');
  assert.match(await offPage.locator('#kb-not-found').innerText(), /\/kb\/155\/Q155738\//);
  await off.close();
});
