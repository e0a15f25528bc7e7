/**
 * The built site in a real browser: the seed article at its permalink with its Symptoms section,
 * readable with JavaScript off, no sideways scroll at 375 px, and the article page's weight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { browserSkip, samplePaths, useSiteAndBrowser } from './pages-browser';

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
