/**
 * `npm run audit:pages`: Lighthouse 12 (mobile and desktop) on one page of each kind of a build of the
 * sample site (content/), served by scripts/serve.ts with gzip, and a table of the scores: performance,
 * accessibility, best practices, SEO and cumulative layout shift. Lighthouse does not audit a page
 * served with status 404, so the 404 page is audited at its file's own address, /404.html (status 200).
 *
 *   npm run audit:pages                      # builds content/ into out/, audits, prints the table
 *   npm run audit:pages -- --no-build        # audits the out/ already there
 *   npm run audit:pages -- --runs 3          # each page 3 times; the run with the median performance
 *   npm run audit:pages -- --json file.json  # also writes every figure
 *   npm run audit:pages -- --pages article,home  # only the pages whose name starts with one of these
 *
 * Not part of `npm test`: scores that depend on timing (performance) vary with the machine's load.
 * Its accessibility and layout-shift checks are also e2e tests (tests/e2e/a11y.test.ts, layout.test.ts).
 * Chromium: CHROME_PATH, default /usr/bin/chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { startServer } from './serve';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'out');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** The pages audited: one of each kind the sample site has. */
export const AUDITED_PAGES: readonly { name: string; path: string }[] = [
  { name: 'home', path: '/' },
  { name: 'article', path: '/kb/155/Q155738/' },
  { name: 'search with results', path: '/search/?q=10038' },
  { name: 'error-code page', path: '/error/winsock/wsaenotsock/' },
  { name: 'error-code index', path: '/error/' },
  { name: 'product page', path: '/product/microsoft-windows-nt/' },
  { name: '404 (its markup at 200)', path: '/404.html' },
];

export interface AuditRow {
  page: string;
  path: string;
  formFactor: 'mobile' | 'desktop';
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  cls: number;
  /** audits that lost points in accessibility, best practices or SEO */
  failed: string[];
  /** the timings behind the performance score, ms: first and largest contentful paint, total blocking time */
  timings: { fcp: number; lcp: number; tbt: number };
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function auditOnce(url: string, port: number, formFactor: 'mobile' | 'desktop'): Promise<Omit<AuditRow, 'page' | 'path'>> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, formFactor === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const failed: string[] = [];
  for (const id of ['accessibility', 'best-practices', 'seo']) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) failed.push(`${id}:${ref.id}`);
    }
  }
  return {
    formFactor,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    cls: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
    failed,
    timings: {
      fcp: Math.round(lhr.audits['first-contentful-paint']?.numericValue ?? NaN),
      lcp: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
      tbt: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
    },
  };
}

/** Renders the rows as a Markdown table. */
export function auditTable(rows: AuditRow[]): string {
  const lines = [
    '| page | form factor | performance | accessibility | best practices | SEO | CLS |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) lines.push(`| ${r.page} (\`${r.path}\`) | ${r.formFactor} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.cls} |`);
  return lines.join('\n');
}

async function main(args: string[]): Promise<number> {
  const runs = Math.max(1, Number(option(args, '--runs') ?? 1));
  if (!args.includes('--no-build')) {
    const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env: { ...process.env, KB_CONTENT_DIR: '' } });
    if (built.status !== 0) return built.status || 1;
  }
  if (!existsSync(path.join(outDir, 'index.html'))) {
    process.stderr.write(`audit: no built site in ${outDir}\n`);
    return 1;
  }
  const server = await startServer(outDir, 0, '');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
  const rows: AuditRow[] = [];
  try {
    const only = option(args, '--pages')?.split(',').map((name) => name.trim()).filter(Boolean);
    const pages = only ? AUDITED_PAGES.filter((page) => only.some((name) => page.name.startsWith(name))) : AUDITED_PAGES;
    if (pages.length === 0) throw new Error(`--pages ${only?.join(',')}: no such page (${AUDITED_PAGES.map((page) => page.name).join(', ')})`);
    for (const page of pages) {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await auditOnce(origin + page.path, chrome.port, formFactor));
        results.sort((a, b) => a.performance - b.performance);
        const median = results[Math.floor(results.length / 2)]!;
        rows.push({ page: page.name, path: page.path, ...median });
        process.stderr.write(`audit: ${page.path} ${formFactor}: ${median.performance}/${median.accessibility}/${median.bestPractices}/${median.seo} CLS ${median.cls} (FCP ${median.timings.fcp} ms, LCP ${median.timings.lcp} ms, TBT ${median.timings.tbt} ms)${median.failed.length ? ` (lost points: ${median.failed.join(', ')})` : ''}\n`);
      }
    }
  } finally {
    await chrome.kill();
    server.close();
  }
  process.stdout.write(`${auditTable(rows)}\n`);
  const json = option(args, '--json');
  if (json) writeFileSync(json, `${JSON.stringify(rows, null, 1)}\n`);
  return 0;
}

if (process.argv[1]?.endsWith('audit-pages.ts')) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`audit: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
