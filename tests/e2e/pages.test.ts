/**
 * The built site in a real browser: the seed article at its permalink with its Symptoms section,
 * readable with JavaScript off, no sideways scroll at 375 px, and the article page's weight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { NEXT_EXPORT_LEFTOVERS } from '../../lib/render/not-found-page';
import { browserSkip, outDir, samplePaths, useSiteAndBrowser } from './pages-browser';

const skip = browserSkip();
const env = useSiteAndBrowser(skip);

test('the seed article opens at its permalink and shows its Symptoms section', { skip }, async () => {
  const page = await env.browser().newPage();
  const response = await page.goto(`${env.origin()}/kb/155/Q155738/`);
  assert.equal(response?.status(), 200);
  const symptoms = page.locator('section#symptoms');
  assert.equal(await symptoms.locator('h2').innerText(), 'SYMPTOMS');
  assert.match(await symptoms.innerText(), /10038/);
  assert.match(await page.locator('h1').innerText(), /WSAENOTSOCK/);
  assert.equal(await page.locator('time[datetime]').first().getAttribute('datetime'), '2001-08-09');
  await page.close();
});

test('the article is fully readable with JavaScript off', { skip }, async () => {
  const context = await env.browser().newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.origin()}/kb/155/Q155738/`);
  assert.ok(await page.locator('section#symptoms').isVisible());
  assert.ok((await page.locator('main').innerText()).length > 200);
  await context.close();
});

test('no page scrolls sideways at 375 px', { skip }, async () => {
  const page = await env.browser().newPage({ viewport: { width: 375, height: 800 } });
  for (const [kind, sitePath] of Object.entries(samplePaths())) {
    await page.goto(`${env.origin()}${sitePath}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${kind} ${sitePath} overflows by ${overflow}px`);
  }
  await page.close();
});

test('article page weight (HTML + CSS + JS, gzip, cold) is at most 100 KB', { skip }, async () => {
  const page = await env.browser().newPage();
  const pending: Promise<{ url: string; gzip: number } | null>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (!['document', 'stylesheet', 'script'].includes(type) || response.status() !== 200) return;
    pending.push(response.body().then((body) => ({ url: response.url(), gzip: gzipSync(body, { level: 9 }).length }), () => null));
  });
  await page.goto(`${env.origin()}/kb/155/Q155738/`, { waitUntil: 'networkidle' });
  const sizes = (await Promise.all(pending)).filter((s): s is { url: string; gzip: number } => s !== null);
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`article weight: ${total} bytes gzip in ${sizes.length} files: ${sizes.map((s) => `${new URL(s.url).pathname}=${s.gzip}`).join(', ')}`);
  assert.ok(sizes.some((s) => s.url.endsWith('/kb/155/Q155738/')), 'the HTML was counted');
  assert.ok(!sizes.some((s) => /_kb\/search/.test(s.url)), 'the search index is not loaded');
  assert.ok(total <= 100 * 1024, `article page weighs ${total} bytes gzip`);
  await page.close();
});

test('the export holds none of Next\'s leftovers: no 404/, _not-found/, _next/ or RSC payload, and nothing lists them', { skip }, () => {
  for (const name of NEXT_EXPORT_LEFTOVERS) assert.ok(!existsSync(path.join(outDir, name)), `out/${name} exists`);
  const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' });
  assert.deepEqual(files.filter((f) => /(^|\/)(__next\.[^/]*|index\.txt)$/.test(f)), [], 'no RSC payload files');
  assert.ok(existsSync(path.join(outDir, '404.html')), 'the static 404 page is there');
  const leftover = /"\/(?:404|_not-found|_next)\/|\/(?:404|_not-found|_next)\/</;
  const manifest = readFileSync(path.join(outDir, '_kb', 'offline-manifest.json'), 'utf8');
  assert.doesNotMatch(manifest, leftover, 'the offline manifest lists no leftover');
  assert.match(manifest, /"\/404\.html"/, 'the offline manifest lists the 404 page');
  assert.doesNotMatch(readFileSync(path.join(outDir, 'sitemap.xml'), 'utf8'), leftover, 'the sitemap lists no leftover');
  const html = files.filter((f) => f.endsWith('.html'));
  assert.deepEqual(html.filter((f) => readFileSync(path.join(outDir, f), 'utf8').includes('/_next/')), [], 'no page loads Next\'s runtime');
});
