/**
 * The article page and the error-code pages in Chromium: SYMPTOMS in a phone's first screen, the
 * copy controls and heading links (clipboard read back), the contents column following the reader,
 * no sideways scroll at 320 px, axe with no violation of any impact in light and dark, the lookup
 * box on /error/ answering in place, and the article page's cold weight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { browserSkip, repoRoot, samplePaths, useSiteAndBrowser } from './pages-browser';

const skip = browserSkip();
const env = useSiteAndBrowser(skip);
const ARTICLE = '/kb/155/Q155738/';
const AXE = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

/** One page of each kind this file is about. */
function pages(): Record<string, string> {
  return { article: ARTICLE, code: samplePaths().error ?? '/error/winsock/wsaenotsock/', family: '/error/winsock/', errorIndex: '/error/' };
}

test('SYMPTOMS and its first line are in the first screen of a 375 x 667 phone', { skip }, async () => {
  const page = await env.browser().newPage({ viewport: { width: 375, height: 667 } });
  await page.goto(`${env.origin()}${ARTICLE}`, { waitUntil: 'networkidle' });
  const box = await page.locator('#symptoms p').first().boundingBox();
  const heading = await page.locator('#symptoms h2').boundingBox();
  assert.ok(heading && box, 'the section and its text are laid out');
  assert.ok(box.y + 24 <= 667, `the first line of SYMPTOMS starts at ${Math.round(box.y)} px, below the first screen`);
  await page.close();
});

test('the article and /error/ pages do not shift as they load (CLS 0 on a phone and a desktop)', { skip }, async () => {
  for (const viewport of [{ width: 375, height: 667 }, { width: 1280, height: 900 }]) {
    const page = await env.browser().newPage({ viewport });
    for (const sitePath of [ARTICLE, '/error/']) {
      await page.goto(`${env.origin()}${sitePath}`, { waitUntil: 'networkidle' });
      const shift = await page.evaluate(() => new Promise<number>((resolve) => {
        let sum = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) sum += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(sum), 500);
      }));
      assert.equal(shift, 0, `${sitePath} at ${viewport.width} px shifts by ${shift}`);
    }
    await page.close();
  }
});

test('Copy ID, Copy link and a heading link put the right text on the clipboard and say so', { skip }, async () => {
  const context = await env.browser().newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`${env.origin()}${ARTICLE}`, { waitUntil: 'networkidle' });
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('button', { name: 'Copy ID' }).click();
  assert.equal(await clipboard(), 'Q155738');
  await page.locator('.kb-toast', { hasText: 'ID copied' }).waitFor();
  await page.getByRole('button', { name: 'Copy link' }).click();
  assert.equal(await clipboard(), `${env.origin()}${ARTICLE}`);
  await page.getByRole('link', { name: 'Link to this section: CAUSE' }).click();
  assert.equal(await clipboard(), `${env.origin()}${ARTICLE}#cause`);
  assert.equal(await page.evaluate(() => location.hash), '#cause', 'the address bar shows the section too');
  await page.locator('.kb-toast', { hasText: 'Link to this section copied' }).waitFor();
  await context.close();
});

test('without JavaScript there is no copy control and no heading link (the script makes them); the page reads the same', { skip }, async () => {
  const context = await env.browser().newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.origin()}${ARTICLE}`);
  assert.equal(await page.getByRole('button', { name: 'Copy ID' }).count(), 0);
  assert.equal(await page.locator('a.heading-link').count(), 0);
  assert.equal(await page.locator('#cause h2').innerText(), 'CAUSE');
  // the tags are folded away but still in the page
  assert.equal(await page.locator('details.article-details').getAttribute('open'), null);
  assert.match(await page.locator('details.article-details').textContent() ?? '', /kbWinsock/);
  await context.close();
});

for (const width of [320, 1280]) {
  test(`the heading links and copy controls the script adds move nothing, even beside a heading that wraps (${width} px)`, { skip }, async () => {
    const context = await env.browser().newContext({ viewport: { width, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    // the page script is held back until the page without it has been measured
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/assets/kb.js', async (route) => { await held; await route.continue(); });
    // DOMContentLoaded waits for the held script: wait for the parsed page and its stylesheet instead
    await page.goto(`${env.origin()}${ARTICLE}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.readyState !== 'loading' && [...document.styleSheets].some((sheet) => sheet.href?.endsWith('/assets/kb.css') && sheet.cssRules.length > 0));
    // a heading long enough to wrap, and one just long enough to fill its line
    await page.evaluate(() => {
      const cause = document.querySelector('#cause h2');
      if (cause) cause.textContent = 'CAUSE OF THE FAILURE WHEN THE SOCKET HANDLE IS CLOSED TWICE BY TWO THREADS';
    });
    const boxes = () => page.evaluate(() => [...document.querySelectorAll('main h2, main p, .article-id-row, .article-content > section > header')].map((e) => {
      const r = e.getBoundingClientRect();
      return { what: `${e.tagName}.${e.className}`, x: r.x, y: r.y, width: r.width, height: r.height };
    }));
    assert.equal(await page.locator('a.heading-link').count(), 0, 'no link before the script');
    await page.evaluate(() => {
      const w = window as unknown as { kbShift: number };
      w.kbShift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) w.kbShift += entry.value;
      }).observe({ type: 'layout-shift' });
    });
    const before = await boxes();
    release();
    await page.locator('#cause a.heading-link').waitFor();
    await page.locator('.copy-controls').waitFor();
    await page.waitForTimeout(200);
    const after = await boxes();
    assert.equal(after.length, before.length);
    before.forEach((b, i) => {
      const a = after[i]!;
      // positions exactly; sizes to a sixty-fourth of a pixel (the flex layout's unit)
      assert.deepEqual([a.what, a.x, a.y], [b.what, b.x, b.y], `${b.what} stays where it was`);
      assert.ok(Math.abs(a.width - b.width) <= 1 / 32 && Math.abs(a.height - b.height) <= 1 / 32, `${b.what} keeps its size (${b.width}x${b.height} → ${a.width}x${a.height})`);
    });
    assert.equal(await page.evaluate(() => (window as unknown as { kbShift: number }).kbShift), 0, 'no layout shift');
    // the link sits right after its heading's text, inside the room kept for it
    const link = await page.locator('#cause a.heading-link').boundingBox();
    const heading = await page.locator('#cause h2').boundingBox();
    assert.ok(link && heading && link.x >= heading.x && link.x + link.width <= heading.x + heading.width + 0.5, 'the link is in the heading\'s room');
    await context.close();
  });
}

test('on a wide screen the contents are a column beside the text that marks the section in view', { skip }, async () => {
  const page = await env.browser().newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${env.origin()}${ARTICLE}`, { waitUntil: 'networkidle' });
  const toc = page.locator('nav.toc');
  const tocBox = await toc.boundingBox();
  const textBox = await page.locator('#symptoms').boundingBox();
  assert.ok(tocBox && textBox && tocBox.x >= textBox.x + textBox.width, 'the contents sit to the right of the text');
  assert.equal(await toc.evaluate((el) => getComputedStyle(el).position), 'sticky');
  await page.locator('#resolution').evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
  await page.waitForFunction(() => document.querySelector('nav.toc a[aria-current]')?.getAttribute('href') === '#resolution');
  const stillVisible = await toc.boundingBox();
  assert.ok(stillVisible && stillVisible.y >= 0 && stillVisible.y < 900, 'the column follows the reader');
  await page.close();
});

test('no sideways scroll at 320 px on the article, code, family and /error/ pages', { skip }, async () => {
  const page = await env.browser().newPage({ viewport: { width: 320, height: 640 } });
  for (const [kind, sitePath] of Object.entries(pages())) {
    const response = await page.goto(`${env.origin()}${sitePath}`, { waitUntil: 'networkidle' });
    assert.equal(response?.status(), 200, `${kind} ${sitePath}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${kind} ${sitePath} overflows by ${overflow}px`);
  }
  await page.close();
});

interface Violation { id: string; impact: string | null; nodes: { target: string[] }[] }
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return found.map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: no violation of any impact on the article, code, family and /error/ pages, ${scheme}`, { skip }, async () => {
    const context = await env.browser().newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const [kind, sitePath] of Object.entries(pages())) {
      await page.goto(`${env.origin()}${sitePath}`, { waitUntil: 'networkidle' });
      if (kind === 'errorIndex') {
        // with an answer shown, too
        await page.locator('#code-lookup-input').fill('0x2736');
        await page.locator('#code-lookup-answer .code-card').first().waitFor();
      }
      for (const v of await violations(page)) problems.push(`${kind} ${sitePath}: ${v}`);
    }
    await context.close();
    assert.deepEqual(problems, []);
  });
}

test('the /error/ lookup box answers in place for any spelling, with the search normalizer', { skip }, async () => {
  const page = await env.browser().newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.origin()}/error/`, { waitUntil: 'networkidle' });
  const box = page.locator('#code-lookup-input');
  const answer = page.locator('#code-lookup-answer');
  const cases: [string, string, string][] = [
    ['0x80004005', 'E_FAIL', '/error/hresult/e_fail/'],
    ['-2147467259', 'E_FAIL', '/error/hresult/e_fail/'],
    ['stop 0xa', 'IRQL_NOT_LESS_OR_EQUAL', '/error/bugcheck/irql_not_less_or_equal/'],
    ['WSAENOTSOCK', 'WSAENOTSOCK', '/error/winsock/wsaenotsock/'],
    ['0x2736', 'WSAENOTSOCK', '/error/winsock/wsaenotsock/'],
  ];
  for (const [query, name, href] of cases) {
    await box.fill(query);
    const link = answer.locator('.code-card-name a').first();
    await link.filter({ hasText: name }).waitFor({ timeout: 10_000 });
    assert.equal(await link.getAttribute('href'), href, query);
  }
  assert.match(await answer.locator('.code-card').first().innerText(), /0x00002736|10038/);
  // Enter answers here too: no page load
  await box.fill('-2147467259');
  await box.press('Enter');
  await answer.locator('.code-card-name a', { hasText: 'E_FAIL' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/error/');
  await box.fill('hello world');
  await answer.locator('.code-lookup-note', { hasText: 'does not read as an error code' }).waitFor();
  assert.equal(await answer.locator('a').getAttribute('href'), '/search/?q=hello%20world');
  // every family's "show all" leads to a page that exists
  for (const href of await page.locator('p.show-all a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
    const response = await page.request.get(`${env.origin()}${href}`);
    assert.equal(response.status(), 200, `${href}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the article page weighs at most 15 KB gzip cold (HTML, CSS, scripts)', { skip }, async () => {
  const page = await env.browser().newPage();
  const pending: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.status() !== 200 || response.request().resourceType() === 'fetch') return;
    pending.push(response.body().then((body) => gzipSync(body, { level: 9 }).length, () => 0));
  });
  await page.goto(`${env.origin()}${ARTICLE}`, { waitUntil: 'networkidle' });
  const total = (await Promise.all(pending)).reduce((a, b) => a + b, 0);
  assert.ok(total > 2000, 'something was counted');
  assert.ok(total <= 15 * 1024, `the article page weighs ${total} bytes gzip`);
  await page.close();
});
