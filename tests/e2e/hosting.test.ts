/**
 * Hosting in Chromium against the sample build (out/): hand-typed aliases reach the article, the 404
 * page offers a search for what was typed (as text), the service worker serves a visited page with
 * the network off, "Make available offline" saves the rest, and every internal link of out/ resolves.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { checkLinks } from '../../scripts/check-links';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'out');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const skip = !existsSync(path.join(out, 'kb', '155', 'Q155738', 'index.html'))
  ? 'no sample build in out/ (run npm run build): hosting e2e skipped'
  : !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}: hosting e2e skipped` : false;

let browser: Browser;
let origin = '';
let close: () => Promise<void> = async () => {};

before(async () => {
  if (skip) return;
  const { startServer } = await import('../../scripts/serve');
  const server = await startServer(out, 0, '');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
after(async () => {
  await browser?.close();
  await close();
});

test('hand-typed article addresses reach the article', { skip }, async () => {
  for (const alias of ['/kb/Q155738/', '/Q155738/', '/kb/155738/', '/q155738', '/KB155738', '/kb/155/Q155738']) {
    const page = await browser.newPage(); // a fresh page each: no redirect of the last alias races the next goto
    await page.goto(origin + alias);
    await page.waitForURL(`${origin}/kb/155/Q155738/`, { timeout: 10_000 });
    await page.waitForLoadState('domcontentloaded');
    assert.match(await page.locator('h1').first().innerText(), /10038/, alias);
    await page.close();
  }
});

test('a path that names no article gets a 404 offering a search for what was typed, as text', { skip }, async () => {
  const page = await browser.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
  const response = await page.goto(`${origin}/winsock-error_10038/`);
  assert.equal(response?.status(), 404);
  const search = page.locator('#kb-alias-search');
  // the link is there from the start (no layout shift); alias.js changes its words
  await page.locator('#kb-alias-search', { hasText: 'Search for' }).waitFor();
  assert.equal(await search.innerText(), 'Search for “winsock error 10038”');
  assert.equal(await search.getAttribute('href'), '/search/?q=winsock%20error%2010038');

  // npm run serve applies the address rules: its 404 says so (Server-Timing), and the page stays
  await page.goto(`${origin}/kb/Q999999/`);
  await page.locator('#kb-alias-status', { hasText: 'no article Q999999' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/kb/Q999999/', 'no redirect for an unknown number');

  await page.goto(`${origin}/%3Cimg%20src=x%20onerror=alert(1)%3E/`);
  await search.waitFor({ state: 'visible' });
  assert.equal(await search.innerText(), 'Search for “<img src=x onerror=alert(1)>”');
  assert.equal(await page.locator('#kb-not-found img').count(), 0);
  assert.equal(dialogs, 0);
  await page.close();
});

test('the 404 page script works when it runs before the body is parsed (a cached async script can)', { skip }, async () => {
  const page = await browser.newPage();
  // alias.js sits in <head> (deferred on the static 404 page; React pages once hoisted it there as an
  // async script). A slow blocking script placed after it holds the parser in <head> while alias.js
  // loads: an async copy would then run before the body exists
  let routed = 0;
  await page.route('**/slow-test-script.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.fulfill({ contentType: 'text/javascript', body: '' });
  });
  await page.route('**/winsock-error_10038/', async (route) => {
    routed++;
    const response = await route.fetch();
    const html = (await response.text()).replace(/(<script src="[^"]*alias\.js"[^>]*><\/script>)/, '$1<script src="/slow-test-script.js"></script>');
    assert.match(html, /alias\.js"[^>]*><\/script><script src="\/slow-test-script\.js">/, 'the alias script tag was found');
    await route.fulfill({ response, body: html });
  });
  await page.goto(`${origin}/winsock-error_10038/`);
  assert.equal(routed, 1, 'the page came through the route');
  const search = page.locator('#kb-alias-search');
  await page.locator('#kb-alias-search', { hasText: 'Search for' }).waitFor({ timeout: 5000 });
  assert.equal(await search.innerText(), 'Search for “winsock error 10038”');
  await page.close();
});

test('the service worker serves a visited page with the network off, and can save everything', { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/kb/155/Q155738/`);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload(); // now controlled: this visit goes through the worker and is kept
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));

  await context.setOffline(true);
  await page.goto(`${origin}/kb/155/Q155738/`);
  assert.match(await page.locator('h1').first().innerText(), /10038/);
  const unvisited = await page.goto(`${origin}/kb/054/Q54110/`);
  assert.notEqual(unvisited?.status(), 200, 'an unvisited page is not there yet');

  await context.setOffline(false);
  await page.goto(`${origin}/kb/155/Q155738/`);
  const button = page.getByRole('button', { name: /available offline/i });
  await button.click();
  await page.locator('.kb-offline-status', { hasText: 'available offline' }).waitFor({ timeout: 60_000 });
  const manifest = JSON.parse(readFileSync(path.join(out, '_kb', 'offline-manifest.json'), 'utf8')) as { files: string[] };
  await context.setOffline(true);
  await page.goto(`${origin}/kb/054/Q54110/`);
  assert.match(await page.locator('h1').first().innerText(), /\S/);
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, `kb-${JSON.parse(readFileSync(path.join(out, '_kb', 'offline-manifest.json'), 'utf8')).version}`);
  assert.ok(cached >= manifest.files.length, `${cached} cached of ${manifest.files.length}`);
  await context.close();
});

test('every internal link and asset of out/ resolves to a file', { skip }, async () => {
  const report = await checkLinks(out, { basePath: '' });
  assert.ok(report.pages > 10 && report.links > 100, `${report.pages} pages, ${report.links} links`);
  assert.deepEqual(report.broken.slice(0, 20), []);
});

test('out/ holds sitemap.xml, robots.txt and opensearch.xml that a browser parses', { skip }, async () => {
  const page = await browser.newPage();
  for (const [file, rootName] of [['sitemap.xml', 'urlset'], ['opensearch.xml', 'OpenSearchDescription']] as const) {
    const xml = readFileSync(path.join(out, file), 'utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, urls: doc.getElementsByTagName('url').length };
    }, xml);
    assert.equal(parsed.error, null, file);
    assert.equal(parsed.root, rootName);
    if (file === 'sitemap.xml') assert.ok(parsed.urls > 30, `${parsed.urls} URLs`);
  }
  assert.match(readFileSync(path.join(out, 'robots.txt'), 'utf8'), /^Sitemap: https?:\/\/\S+\/sitemap\.xml$/m);
  await page.close();
});
