/**
 * Screenshots of each page type at desktop (1280 px) and phone (375 px) widths, into
 * tests/e2e/screenshots/ (not committed); two of them are copied to docs/screenshots/ for the README.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { browserSkip, repoRoot, samplePaths, useSiteAndBrowser } from './pages-browser';

const skip = browserSkip();
const SHOTS = path.join(repoRoot, 'tests', 'e2e', 'screenshots');
const DOCS = path.join(repoRoot, 'docs', 'screenshots');
const env = useSiteAndBrowser(skip);

test('screenshots of every page type at 1280 and 375 px', { skip }, async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOCS, { recursive: true });
  for (const width of [1280, 375]) {
    const page = await env.browser().newPage({ viewport: { width, height: width === 375 ? 812 : 900 } });
    for (const [kind, sitePath] of Object.entries(samplePaths())) {
      await page.goto(`${env.origin()}${sitePath}`, { waitUntil: 'networkidle' });
      const file = path.join(SHOTS, `${kind}-${width}.png`);
      await page.screenshot({ path: file, fullPage: false });
      assert.ok(statSync(file).size > 1000, `${file} has content`);
    }
    await page.close();
  }
  copyFileSync(path.join(SHOTS, 'article-1280.png'), path.join(DOCS, 'article-desktop.png'));
  copyFileSync(path.join(SHOTS, 'home-375.png'), path.join(DOCS, 'home-phone.png'));
});

test('the article page for the README at 1280 and 375 px, light and dark', { skip }, async () => {
  mkdirSync(DOCS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 375, 812]] as const) {
      const context = await env.browser().newContext({ colorScheme: scheme, viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(`${env.origin()}${samplePaths().article}`, { waitUntil: 'networkidle' });
      const file = path.join(DOCS, `article-${name}${scheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path: file, fullPage: false });
      assert.ok(statSync(file).size > 1000, `${file} has content`);
      await context.close();
    }
  }
});
