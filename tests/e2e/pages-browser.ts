/**
 * Shared by the e2e tests (pages, accessibility, screenshots, search): serve the built site (out/) over HTTP
 * and drive Debian's Chromium through playwright-core. Tests skip with a message when the site has
 * not been built or Chromium is missing.
 */
import { after, before } from 'node:test';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const outDir = process.env.KB_OUT_DIR ? path.resolve(process.env.KB_OUT_DIR) : path.join(repoRoot, 'out');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or false when they can. */
export function browserSkip(): string | false {
  if (!existsSync(path.join(outDir, 'index.html'))) return `no built site at ${outDir} (run npm run build first): browser tests skipped`;
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium): browser tests skipped`;
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain', '.png': 'image/png', '.ico': 'image/x-icon',
};

/** Serves `dir` at http://127.0.0.1:<port>/; uses scripts/serve.ts's startServer when it exists. */
export async function serveSite(dir = outDir): Promise<{ origin: string; close(): Promise<void> }> {
  const serveModule = path.join(repoRoot, 'scripts', 'serve.ts');
  if (existsSync(serveModule)) {
    const mod = (await import(serveModule)) as { startServer?: (dir: string, port: number, basePath: string) => Promise<unknown> };
    if (typeof mod.startServer === 'function') {
      const started = await mod.startServer(dir, 0, '');
      const server = (started && typeof started === 'object' && 'server' in started ? (started as { server: http.Server }).server : started) as http.Server;
      if (server && typeof server.address === 'function') {
        const { port } = server.address() as AddressInfo;
        return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
      }
    }
  }
  // fallback: a minimal static server (directories serve index.html, unknown paths 404.html)
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, path.normalize(url));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const found = existsSync(file) && statSync(file).isFile();
    const target = found ? file : path.join(dir, '404.html');
    res.writeHead(found ? 200 : 404, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
    if (existsSync(target)) createReadStream(target).pipe(res);
    else res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Site paths of one page of each kind, picked from the built site (first product, first code). */
export function samplePaths(): Record<string, string> {
  return {
    home: '/',
    article: '/kb/155/Q155738/',
    product: firstPage('product') ?? '/product/',
    error: existsSync(path.join(outDir, 'error/winsock/wsaenotsock/index.html')) ? '/error/winsock/wsaenotsock/' : firstPage('error', 2) ?? '/error/',
    errorIndex: '/error/',
    search: '/search/?q=10038',
    notFound: '/no-such-page-here/',
  };
}

function firstPage(top: string, depth = 1): string | undefined {
  let rel = top;
  for (let level = 0; level < depth; level++) {
    const dir = path.join(outDir, rel);
    if (!existsSync(dir)) return undefined;
    const next = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'page').map((d) => d.name).sort()[0];
    if (!next) return undefined;
    rel = `${rel}/${next}`;
  }
  return existsSync(path.join(outDir, rel, 'index.html')) ? `/${rel}/` : undefined;
}

/**
 * Serves out/ and launches Chromium around the tests of one file (node:test before/after hooks).
 * The accessors are valid inside tests that are not skipped.
 */
export function useSiteAndBrowser(skip: string | false): { browser(): Browser; origin(): string } {
  let browser: Browser | undefined;
  let site: { origin: string; close(): Promise<void> } | undefined;
  before(async () => {
    if (skip) return;
    site = await serveSite();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    browser: () => { if (!browser) throw new Error('no browser: the test should have been skipped'); return browser; },
    origin: () => { if (!site) throw new Error('no site: the test should have been skipped'); return site.origin; },
  };
}

/**
 * Types `query` into the page's header search box as a reader does, waits for the suggestions,
 * presses Enter and waits until the search page (in place or loaded) shows this query's results.
 */
export async function searchFromHeader(page: Page, query: string, hasOption = ''): Promise<void> {
  const box = page.locator('header form.kb-search input[name="q"]');
  await box.click();
  await box.pressSequentially(query);
  await page.locator('header [role="option"]', { hasText: hasOption }).first().waitFor({ timeout: 15_000 });
  await box.press('Enter');
  await page.locator('main [role="status"]', { hasText: `“${query}”` }).waitFor({ timeout: 15_000 });
}
