/**
 * Search in headless Chromium on the built sample site (out/): suggestions while typing, the search
 * page from the URL, escaping of article text, and the error state when the index cannot load.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchBrowser, searchFromHeader, serveSite } from './pages-browser';

const skip = browserSkip();

describe('search in the browser', { skip }, () => {
  let browser: Browser;
  let site: { origin: string; close(): Promise<void> };
  before(async () => {
    site = await serveSite();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
    return page;
  }

  const resultIds = (page: Page) => page.locator('ol.kb-results .kb-result-id').allTextContents();

  test('typing 10038 suggests the Winsock article first; Enter opens the search page with it first', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/`);
    const box = page.locator('header form.kb-search input[name="q"]');
    await page.keyboard.press('/');
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, '/ focuses the search box');
    await box.pressSequentially('10038');
    const options = page.locator('header [role="listbox"] [role="option"]');
    // the list of the whole query, not of its first digits (a busy machine shows those first)
    await options.filter({ hasText: 'Search for “10038”' }).waitFor();
    const texts = await options.allTextContents();
    const firstArticle = texts.find((t) => /Q\d+$/.test(t));
    assert.match(firstArticle ?? '', /Q155738$/, JSON.stringify(texts));
    await box.press('Enter');
    await page.waitForURL(/\/search\/\?q=10038/);
    await page.locator('ol.kb-results li').first().waitFor();
    assert.equal((await resultIds(page))[0], 'Q155738');
    await page.close();
  });

  test('a sentence pasted into the header box with a word mistyped finds its article; the page says what it searched and offers the words as typed', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/kb/054/Q54110/`);
    const box = page.locator('header form.kb-search input[name="q"]');
    await box.click();
    const query = 'The socket was valid a moment earlier, and the falure comes and goes';
    await box.fill(query); // a paste: the whole text at once
    await page.locator('header [role="option"]', { hasText: 'Q155738' }).first().waitFor({ timeout: 15_000 });
    await box.press('Enter');
    await page.locator('main [role="status"]', { hasText: `“${query}”` }).waitFor({ timeout: 15_000 });
    assert.equal((await resultIds(page))[0], 'Q155738');
    const line = page.locator('main .kb-search-correction');
    assert.equal(await line.textContent(),
      'Showing results for The socket was valid a moment earlier, and the failure comes and goes. ' +
      'Search instead for The socket was valid a moment earlier, and the "falure" comes and goes.');
    // the words as typed: quoted, so never corrected; no article has them
    await line.locator('a', { hasText: '"falure"' }).click();
    await page.locator('main [role="status"]', { hasText: '“The socket was valid a moment earlier, and the "falure" comes and goes”' }).waitFor();
    assert.equal(await page.locator('main .kb-search-correction').count(), 0);
    assert.match(new URL(page.url()).searchParams.get('q') ?? '', /"falure"/);
    // typed with one letter swapped, the suggestions already find it
    await box.fill('');
    await box.pressSequentially('sokcet handle closed twice');
    await page.locator('header [role="option"]', { hasText: 'Q155738' }).first().waitFor({ timeout: 15_000 });
    await page.close();
  });

  test('from the home page (a React page), Enter opens the search page in place too; Back brings the home page back, working', async () => {
    const page = await newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} ${m.location().url}`); });
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    const requested: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/_kb/search/')) requested.push(new URL(r.url()).pathname); });
    await page.goto(`${site.origin}/`, { waitUntil: 'networkidle' });
    const homeTitle = await page.title();
    const heading = await page.locator('main h1').textContent();
    await page.evaluate(() => { (window as unknown as { kbMarker: number }).kbMarker = 1; });
    const box = page.locator('header form.kb-search input[name="q"]');
    await box.click();
    await box.pressSequentially('WSAENOTSOCK');
    await page.locator('header [role="option"]', { hasText: 'Q155738' }).waitFor();
    await page.waitForLoadState('networkidle');
    const before = requested.length;
    assert.ok(before > 0, 'the suggestions loaded index files');
    await box.press('Enter');
    await page.waitForURL(/\/search\/\?q=WSAENOTSOCK$/);
    await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor();
    assert.equal((await resultIds(page))[0], 'Q155738');
    assert.equal(await page.evaluate(() => (window as unknown as { kbMarker?: number }).kbMarker), 1, 'no page load');
    assert.equal(await page.title(), 'WSAENOTSOCK · Search · KB Archive');
    const again = requested.slice(before).filter((p) => requested.slice(0, before).includes(p));
    assert.deepEqual(again, [], 'nothing the suggestions loaded is fetched again');
    await page.goBack();
    await page.waitForURL(`${site.origin}/`);
    assert.equal(await page.locator('main h1').textContent(), heading);
    assert.equal(await page.title(), homeTitle);
    await page.goForward();
    await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor();
    await page.goBack();
    await page.locator('main h1', { hasText: heading ?? '' }).waitFor();
    await page.waitForTimeout(300); // a late re-render by React would show here
    assert.equal(await page.locator('main h1').textContent(), heading);
    assert.equal(await page.evaluate(() => (window as unknown as { kbMarker?: number }).kbMarker), 1, 'still the same page');
    // the home page's own links still work after all that
    const product = page.locator('main #products + ul a').first();
    const target = await product.getAttribute('href');
    await product.click();
    await page.waitForURL(`${site.origin}${target}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const start of ['/error/', '/no-such-page/']) {
    test(`from ${start} (a React page) the search opens in place and Back restores the page`, async () => {
      const page = await newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error' && !/404/.test(m.text())) problems.push(`console: ${m.text()}`); });
      await page.goto(`${site.origin}${start}`, { waitUntil: 'networkidle' });
      const heading = await page.locator('main h1').first().textContent();
      await searchFromHeader(page, '10038');
      assert.equal((await resultIds(page))[0], 'Q155738');
      await page.goBack();
      await page.waitForURL(`${site.origin}${start}`);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('main h1').first().textContent(), heading);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  test('arrow keys pick a suggestion and Enter opens its article', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/`);
    const box = page.locator('header form.kb-search input[name="q"]');
    await box.click();
    await box.pressSequentially('WSAENOTSOCK');
    // wait for the suggestions of the whole word (each keystroke re-renders the list)
    await page.locator('header [role="option"]', { hasText: 'Q155738' }).waitFor();
    await page.waitForTimeout(200);
    // the first option is the code card, the second the first article
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.ok(active, 'an option is active');
    assert.match(await page.locator(`[id="${active}"]`).textContent() ?? '', /Q155738/);
    await box.press('Enter');
    await page.waitForURL(/\/kb\/155\/Q155738\/$/);
    await page.close();
  });

  test('/search/?q=WSAENOTSOCK shows the code card and results, and survives a reload', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/search/?q=WSAENOTSOCK`);
    for (let i = 0; i < 2; i++) {
      await page.locator('ol.kb-results li').first().waitFor();
      assert.equal((await resultIds(page))[0], 'Q155738');
      assert.match(await page.locator('.kb-code-card').textContent() ?? '', /WSAENOTSOCK/);
      assert.match(await page.locator('[role="status"]').first().textContent() ?? '', /for “WSAENOTSOCK”/);
      assert.equal(await page.locator('.kb-search-main input[name="q"]').inputValue(), 'WSAENOTSOCK');
      await page.reload();
    }
    await page.close();
  });

  test('a new query on the search page answers in place: no page load, the URL and back button follow', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/search/?q=WSAENOTSOCK`);
    await page.locator('ol.kb-results li').first().waitFor();
    // a page load would drop this marker
    await page.evaluate(() => { (window as unknown as { kbMarker: number }).kbMarker = 1; });
    const box = page.locator('main form.kb-search input[name="q"]');
    await box.fill('stop 0xa');
    await box.press('Enter');
    await page.waitForURL(/\/search\/\?q=stop\+0xa$/);
    await page.locator('main [role="status"]', { hasText: '“stop 0xa”' }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { kbMarker?: number }).kbMarker), 1, 'no page load');
    assert.ok((await resultIds(page)).length > 0);
    assert.equal(await page.locator('main .kb-suggest:not([hidden])').count(), 0, 'the suggestion list closed');
    // the header's box on the search page answers in place too
    await page.locator('header form.kb-search input[name="q"]').fill('10038');
    await page.locator('header form.kb-search input[name="q"]').press('Enter');
    await page.locator('main [role="status"]', { hasText: '“10038”' }).waitFor();
    assert.equal((await resultIds(page))[0], 'Q155738');
    assert.equal(await page.evaluate(() => (window as unknown as { kbMarker?: number }).kbMarker), 1, 'no page load');
    await page.goBack();
    await page.locator('main [role="status"]', { hasText: '“stop 0xa”' }).waitFor();
    assert.equal(await box.inputValue(), 'stop 0xa');
    await page.close();
  });

  /** Tag, classes and the attributes readers and scripts rely on, element by element (noscript aside). */
  const shape = (page: Page) => page.evaluate(`[...document.querySelectorAll('#kb-search-page, #kb-search-page *:not(noscript)')]
    .map((e) => [e.tagName, e.className, ...['id', 'role', 'aria-label', 'name', 'type', 'action', 'method', 'placeholder', 'href', 'hidden'].map((a) => e.getAttribute(a) ?? '')].join('|'))`) as Promise<string[]>;

  test('from an article, Enter opens the search page in place; Back and Forward swap the article and the search', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/kb/155/Q155738/`);
    const articleTitle = await page.title();
    const heading = await page.locator('main h1').first().textContent();
    await page.evaluate(() => { (window as unknown as { kbMarker: number }).kbMarker = 1; });
    const box = page.locator('header form.kb-search input[name="q"]');
    await box.click();
    await box.pressSequentially('10038');
    await page.locator('header [role="option"]').first().waitFor();
    await box.press('Enter');
    await page.waitForURL(/\/search\/\?q=10038$/);
    await page.locator('main [role="status"]', { hasText: '“10038”' }).waitFor();
    assert.equal((await resultIds(page))[0], 'Q155738');
    assert.equal(await page.evaluate(() => (window as unknown as { kbMarker?: number }).kbMarker), 1, 'no page load');
    assert.match(await page.title(), /^10038 · Search · KB Archive$/);
    assert.equal(await page.locator('main form.kb-search input[name="q"]').inputValue(), '10038');
    // the same page, element for element, as /search/?q=10038 served by the host
    const inPlace = await shape(page);
    assert.ok(inPlace.length > 20 && inPlace.some((e) => e.startsWith('LI|kb-result')), 'the shape covers the shell and the results');
    const served = await newPage();
    await served.goto(`${site.origin}/search/?q=10038`);
    await served.locator('main [role="status"]', { hasText: '“10038”' }).waitFor();
    assert.deepEqual(inPlace, await shape(served));
    await served.close();

    await page.goBack();
    await page.waitForURL(/\/kb\/155\/Q155738\/$/);
    assert.equal(await page.locator('main h1').first().textContent(), heading);
    assert.equal(await page.title(), articleTitle);
    assert.equal(await page.locator('#kb-search-page').count(), 0);
    await page.goForward();
    await page.locator('main [role="status"]', { hasText: '“10038”' }).waitFor();
    assert.equal((await resultIds(page))[0], 'Q155738');
    // a second query from the header answers in place too, and Back then returns to the first
    await box.fill('WSAENOTSOCK');
    await box.press('Enter');
    await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { kbMarker?: number }).kbMarker), 1, 'still no page load');
    await page.goBack();
    await page.locator('main [role="status"]', { hasText: '“10038”' }).waitFor();
    // a reload loads the real search page with the same query
    await page.reload();
    await page.locator('main [role="status"]', { hasText: '“10038”' }).waitFor();
    assert.equal((await resultIds(page))[0], 'Q155738');
    await page.close();
  });

  test('an article title with markup is shown as text, never run', async () => {
    const page = await newPage();
    const title = 'Setup shows <img src=x onerror=alert(1)> in the error dialog';
    await page.goto(`${site.origin}/search/?q=${encodeURIComponent('setup shows error dialog')}`);
    await page.locator('ol.kb-results li').first().waitFor();
    const titles = await page.locator('ol.kb-results .kb-result-title').allTextContents();
    assert.ok(titles.includes(title), JSON.stringify(titles));
    assert.equal(await page.locator('ol.kb-results img').count(), 0);
    // highlighted words are <mark> elements, and only those
    assert.ok(await page.locator('ol.kb-results mark').count() > 0);
    await page.close();
  });

  test('no results: says so and offers what to try', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/search/?q=zzqxv`);
    await page.locator('.kb-search-empty').waitFor();
    assert.match(await page.locator('[role="status"]').first().textContent() ?? '', /No articles match “zzqxv”/);
    await page.close();
  });

  test('when the index cannot load, the page shows an error instead of hanging', async () => {
    // the offline service worker would answer from its cache, out of page.route's reach
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.route('**/_kb/search/**', (route) => route.fulfill({ status: 500, body: 'broken' }));
    await page.goto(`${site.origin}/search/?q=10038`);
    await page.locator('.kb-search-error[role="alert"]').waitFor();
    assert.match(await page.locator('.kb-search-error').textContent() ?? '', /could not load/);
    await context.close();
  });

  test('filters by year update the URL and the results', async () => {
    const page = await newPage();
    await page.goto(`${site.origin}/search/?q=error`);
    await page.locator('ol.kb-results li').first().waitFor();
    const years = await page.locator('.kb-search-filters select').nth(1).locator('option').allTextContents();
    const year = years.find((y) => /^\d{4}$/.test(y));
    assert.ok(year, 'the year filter lists years');
    await page.locator('.kb-search-filters select').nth(1).selectOption(year);
    await page.waitForURL(new RegExp(`year=${year}`));
    await page.waitForFunction((y) => [...document.querySelectorAll('ol.kb-results time')].every((t) => t.textContent?.startsWith(y)), year);
    assert.ok((await page.locator('ol.kb-results li').count()) > 0);
    await page.close();
  });
});
