/**
 * The file:// copy (`npm run build:offline` → out-offline/), made here from the sample build into a
 * temp folder: pages open straight from disk, every link resolves to a file, the header search
 * finds the Winsock article for `10038` with no server, and the search page answers from disk.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { writeOfflineCopy } from '../../lib/hosting/index';
import { checkLinks } from '../../scripts/check-links';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'out');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const skip = !existsSync(path.join(out, 'kb', '155', 'Q155738', 'index.html'))
  ? 'no sample build in out/ (run npm run build): offline e2e skipped'
  : !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}: offline e2e skipped` : false;

let browser: Browser;
let copy = '';

before(async () => {
  if (skip) return;
  copy = path.join(await mkdtemp(path.join(tmpdir(), 'kb-offline-e2e-')), 'out-offline');
  await writeOfflineCopy(out, copy, { basePath: '', siteUrl: 'http://localhost:3000' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
after(async () => {
  await browser?.close();
  if (copy) await rm(path.dirname(copy), { recursive: true, force: true });
});

test('every link and asset of the copy resolves to a file, relative to the page', { skip }, async () => {
  const report = await checkLinks(copy);
  const rootRelative = report.broken.filter((b) => b.url.startsWith('/'));
  assert.deepEqual(rootRelative.slice(0, 10), [], 'no root-relative URL is left (they mean the disk root on file://)');
  assert.deepEqual(report.broken.slice(0, 10), []);
});

test('an article opens from disk with its styles, and its links name files', { skip }, async () => {
  const page = await browser.newPage();
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.goto(pathToFileURL(path.join(copy, 'kb', '155', 'Q155738', 'index.html')).href);
  assert.match(await page.locator('h1').first().innerText(), /10038/);
  const home = await page.locator('a.site-name, header a').first().getAttribute('href');
  assert.ok(home?.endsWith('index.html'), `home link ${home}`);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).fontFamily), '', 'stylesheet applied');
  assert.deepEqual(failed, []);
  await page.close();
});

test('the header search finds 10038 from disk (index files loaded as scripts)', { skip }, async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path.join(copy, 'index.html')).href);
  const input = page.locator('form.kb-search input[name="q"]').first();
  await input.click();
  await input.fill('10038');
  const option = page.getByRole('option', { name: /Q155738/ }).first();
  await option.waitFor({ timeout: 15_000 });
  assert.match(await option.innerText(), /10038|WSAENOTSOCK/i);
  // choosing it opens the article's file in the copy, not the disk root
  await option.click();
  await page.waitForURL(/\/kb\/155\/Q155738\/index\.html$/, { timeout: 15_000 });
  assert.match(await page.locator('h1').first().innerText(), /10038/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the search page answers from disk: results from the URL, a new query in place, links to files', { skip }, async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${pathToFileURL(path.join(copy, 'search', 'index.html')).href}?q=10038`);
  await page.locator('ol.kb-results li').first().waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('ol.kb-results .kb-result-id').first().textContent(), 'Q155738');
  const link = await page.locator('ol.kb-results a.kb-result-link').first().getAttribute('href');
  assert.match(link ?? '', /^file:.*\/kb\/155\/Q155738\/index\.html$/);
  const box = page.locator('main form.kb-search input[name="q"]');
  await box.fill('WSAENOTSOCK');
  await box.press('Enter');
  await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor({ timeout: 15_000 });
  assert.match(page.url(), /\/search\/index\.html\?q=WSAENOTSOCK$/);
  await page.locator('ol.kb-results a.kb-result-link').first().click();
  await page.waitForURL(/\/kb\/155\/Q155738\/index\.html$/, { timeout: 15_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
