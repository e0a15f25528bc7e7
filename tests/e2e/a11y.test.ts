/**
 * axe-core in Chromium over one page of each kind, in light and in dark: no violation of any impact.
 * Dark is tested both ways a reader gets it: the system preference and the toggle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkip, repoRoot, samplePaths, searchFromHeader, useSiteAndBrowser } from './pages-browser';

const skip = browserSkip();
const AXE = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
const env = useSiteAndBrowser(skip);

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations;
}

function describe(violations: Violation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violation of any impact, ${scheme}`, { skip }, async () => {
    const context = await env.browser().newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const [kind, sitePath] of Object.entries(samplePaths())) {
      await page.goto(`${env.origin()}${sitePath}`, { waitUntil: 'networkidle' });
      const found = await axeViolations(page);
      if (found.length) problems.push(`${kind} ${sitePath}:\n${describe(found)}`);
    }
    await context.close();
    assert.deepEqual(problems, []);
  });
}

test('the theme toggle switches to dark, is remembered, and dark stays clean', { skip }, async () => {
  const context = await env.browser().newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${env.origin()}/kb/155/Q155738/`, { waitUntil: 'networkidle' });
  await page.locator('.theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.reload({ waitUntil: 'networkidle' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'remembered across pages');
  assert.deepEqual(describe(await axeViolations(page)), '');
  await context.close();
});

test('the search page opened in place from an article is as clean as the served one', { skip }, async () => {
  const page = await env.browser().newPage();
  await page.goto(`${env.origin()}/kb/155/Q155738/`, { waitUntil: 'networkidle' });
  await searchFromHeader(page, '10038');
  assert.equal(await page.locator('main h1').count(), 1, 'one heading of the page: the search page, the article one gone');
  assert.deepEqual(describe(await axeViolations(page)), '');
  await page.close();
});
