/**
 * The site under a base path (KB_BASE_PATH=/kbarchive), end to end: the sample site is built with the
 * base path, moved to a temp folder (out/ is put back as it was, for the other tests), and served
 * under /kbarchive/: aliases reach the article, search results link under the base path, every asset
 * loads (no 404 in the network log), the service worker takes the base path as its scope, every link
 * resolves, and the sitemap uses KB_SITE_URL.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { checkLinks } from '../../scripts/check-links';
import { searchFromHeader } from './pages-browser';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'out');
const BASE = '/kbarchive';
const SITE_URL = 'https://example.org/kbarchive';
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}: base-path e2e skipped` : false;

let browser: Browser;
let dir = '';
let origin = '';
let close: () => Promise<void> = async () => {};

/** Builds with the base path; out/ (the default build) is set aside and restored whatever happens. */
function buildUnderBasePath(target: string): void {
  const saved = `${out}.before-basepath-test`;
  const hadOut = existsSync(out);
  if (hadOut) renameSync(out, saved);
  try {
    let result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, KB_BASE_PATH: BASE, KB_SITE_URL: SITE_URL },
    });
    // another next build in the same tree (a parallel session) holds Next's lock: wait once and retry
    if (result.status !== 0 && /Another next build process is already running/.test(result.stdout + result.stderr)) {
      spawnSync('sleep', ['45']);
      result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
        cwd: root, encoding: 'utf8', env: { ...process.env, KB_BASE_PATH: BASE, KB_SITE_URL: SITE_URL },
      });
    }
    if (result.status !== 0) throw new Error(`build with KB_BASE_PATH failed:\n${result.stderr.slice(-3000)}`);
    renameSync(out, target);
  } finally {
    if (hadOut) {
      if (existsSync(out)) renameSync(out, `${target}.partial`);
      renameSync(saved, out);
    }
  }
}

before(async () => {
  if (skip) return;
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'kb-basepath-')), 'out');
  buildUnderBasePath(dir);
  const { startServer } = await import('../../scripts/serve');
  const server = await startServer(dir, 0, BASE);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
after(async () => {
  await browser?.close();
  await close();
  if (dir) await rm(path.dirname(dir), { recursive: true, force: true });
});

/** Opens a page and records every response with status ≥ 400 (the expected 404 of the 404 page aside). */
async function visit(page: Page, url: string, failures: string[]): Promise<void> {
  page.on('response', (r) => { if (r.status() >= 400 && r.url() !== url) failures.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => failures.push(`failed ${r.url()}`));
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

test('aliases under the base path reach the article', { skip }, async () => {
  const page = await browser.newPage();
  for (const alias of ['/kb/Q155738/', '/q155738', '/KB155738']) {
    await page.goto(`${origin}${BASE}${alias}`);
    await page.waitForURL(`${origin}${BASE}/kb/155/Q155738/`, { timeout: 10_000 });
  }
  assert.match(await page.locator('h1').first().innerText(), /10038/);
  await page.close();
});

test('article, home and search pages load every asset under the base path, and search links carry it', { skip }, async () => {
  const failures: string[] = [];
  for (const p of ['/kb/155/Q155738/', '/', '/search/?q=10038']) {
    const page = await browser.newPage();
    await visit(page, `${origin}${BASE}${p}`, failures);
    if (p.startsWith('/search/')) {
      const link = page.locator('main a[href*="Q155738"]').first();
      await link.waitFor({ timeout: 15_000 });
      assert.equal(await link.getAttribute('href'), `${BASE}/kb/155/Q155738/`);
    }
    await page.close();
  }
  assert.deepEqual(failures, []);
});

test('a new query on the search page stays under the base path and answers in place', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}${BASE}/search/?q=10038`);
  await page.locator('main [role="status"]', { hasText: '“10038”' }).waitFor({ timeout: 15_000 });
  const box = page.locator('main form.kb-search input[name="q"]');
  await box.fill('WSAENOTSOCK');
  await box.press('Enter');
  await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor({ timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, `${BASE}/search/`);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'WSAENOTSOCK');
  await page.reload();
  await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor({ timeout: 15_000 });
  await page.close();
});

test('from an article under the base path, the header search opens the search page in place under it', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}${BASE}/kb/155/Q155738/`);
  await searchFromHeader(page, '10038');
  assert.equal(new URL(page.url()).pathname, `${BASE}/search/`);
  assert.equal(await page.locator('main a.kb-result-link').first().getAttribute('href'), `${BASE}/kb/155/Q155738/`);
  assert.equal(await page.locator('main form.kb-search').getAttribute('action'), `${BASE}/search/`);
  await page.goBack();
  await page.waitForURL(`${origin}${BASE}/kb/155/Q155738/`);
  await page.close();
});

test('the service worker registers with the base path as its scope', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}${BASE}/kb/155/Q155738/`);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${origin}${BASE}/`);
  await page.close();
});

test('every internal link of the base-path build carries the base path and resolves', { skip }, async () => {
  const report = await checkLinks(dir, { basePath: BASE });
  assert.ok(report.pages > 10, `${report.pages} pages`);
  assert.deepEqual(report.broken.slice(0, 20), []);
});

test('sitemap, robots and OpenSearch use KB_SITE_URL', { skip }, () => {
  const sitemap = readFileSync(path.join(dir, 'sitemap.xml'), 'utf8');
  assert.match(sitemap, /<loc>https:\/\/example\.org\/kbarchive\/kb\/155\/Q155738\/<\/loc>/);
  assert.doesNotMatch(sitemap, /<loc>(?!https:\/\/example\.org\/kbarchive\/)/);
  assert.match(readFileSync(path.join(dir, 'robots.txt'), 'utf8'), /Sitemap: https:\/\/example\.org\/kbarchive\/sitemap\.xml/);
  assert.match(readFileSync(path.join(dir, 'opensearch.xml'), 'utf8'), /template="https:\/\/example\.org\/kbarchive\/search\/\?q=\{searchTerms\}"/);
});
