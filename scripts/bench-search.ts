/**
 * `npm run bench:search [-- --site DIR] [--skip-build] [--reuse-index] [--no-pagefind] [--repeat N] [--eval FILE] [--search-page-only] [--reuse-pagefind] [--queries q1 q2 …]`:
 * our search index next to Pagefind on the same export, in one run. Needs the real corpus (tests/corpus/corpus-path.ts) unless --site is given.
 *  1. the export: `npm run build` with KB_CONTENT_DIR = the corpus (or --site DIR, already built);
 *  2. index build time and peak memory: `kb index` (ours) and `pagefind --site` (theirs), each under /usr/bin/time;
 *  3. index size and file count;
 *  4. per query in headless Chromium (cold cache, gzip like a compressing host): bytes, time, first hit.
 * `--eval FILE`: also the first five queries of each class of an eval:search set (`npm run eval:search -- --write FILE`),
 * with the medians per class.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Request } from 'playwright-core';
import { BENCH_QUERIES } from '../lib/search/bench-queries';
import { corpusDir } from '../tests/corpus/corpus-path';
import { startServer } from './serve';

const root = path.resolve(import.meta.dirname, '..');
/** `--search-page-only`: time "typed, then Enter" in the search page's box only (a third of the time) */
const searchPageOnly = process.argv.includes('--search-page-only');

interface BuildFigures { seconds: number; peakMb: number; files: number; mb: number }
/**
 * ms: from Enter, code and entry files loaded on focus, the query pasted (nothing typed before);
 * coldMs: everything, code included; typedMs (ours): the search page's box, the query typed with
 * its suggestions, then Enter until the results list shows the query's results; fromPageMs (ours):
 * the same from an article page's header box (the search page opens in place there); fromHomeMs
 * (ours): the same from the home page's header box (a React page; in place too).
 */
interface QueryRow { query: string; kb: number; ms: number; coldMs: number; typedMs?: number; fromPageMs?: number; fromHomeMs?: number; first: string }

function run(label: string, command: string[], env: Record<string, string> = {}): { seconds: number; peakMb: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', ...command], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${label} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1] ?? 0);
  return { seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, stdout: result.stdout + result.stderr };
}

function sizeOf(dir: string): { files: number; mb: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else { files++; bytes += s.size; }
    }
  };
  walk(dir);
  return { files, mb: bytes / 1e6 };
}

const HARNESS = `<!doctype html><meta charset="utf-8"><title>bench</title><meta name="kb-base-path" content="">
<script type="module">
// Both engines load their code and entry files on the search box's first focus (kb.js does: the
// search bundle, meta.json and codes.json; Pagefind's docs advise init() on focus), so "from Enter"
// starts after that; "cold" includes it.
window.benchOurs = async (chunk, q) => {
  const t0 = performance.now();
  const m = await import('/assets/' + chunk);
  const searcher = m.browserSearcher();
  await searcher.warm();
  const t = performance.now();
  const r = await searcher.search(q, { limit: 10 });
  const end = performance.now();
  return { ms: end - t, coldMs: end - t0, first: r.results[0]?.id ?? '' };
};
window.benchPagefind = async (q) => {
  const t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const t = performance.now();
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  const end = performance.now();
  return { ms: end - t, coldMs: end - t0, first: (/(Q|KB)\\d+/.exec(data[0]?.url ?? '') ?? [''])[0] };
};
</script>`;

async function browse(site: string, queries: string[], withPagefind: boolean): Promise<{ ours: QueryRow[]; pagefind: QueryRow[] }> {
  mkdirSync(path.join(site, '_bench'), { recursive: true });
  writeFileSync(path.join(site, '_bench', 'index.html'), HARNESS);
  // the search bundle kb.js loads (older hashed bundles may linger in the folder)
  const chunk = /search-[0-9a-f]{10}\.js/.exec(readFileSync(path.join(site, 'assets', 'kb.js'), 'utf8'))?.[0];
  // the article page whose header box starts the "from an article page" timing
  const articlePath = ['/kb/155/Q155738/', ...readdirSync(path.join(site, 'kb')).slice(0, 1).flatMap((bucket) =>
    readdirSync(path.join(site, 'kb', bucket)).slice(0, 1).map((id) => `/kb/${bucket}/${id}/`))]
    .find((p) => existsSync(path.join(site, p, 'index.html')));
  if (!chunk) throw new Error(`no assets/search-<hash>.js in ${site}: build the site first`);
  const server = await startServer(site, 0, '');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const out = { ours: [] as QueryRow[], pagefind: [] as QueryRow[] };
  try {
    for (const engine of withPagefind ? (['ours', 'pagefind'] as const) : (['ours'] as const)) {
      for (const query of queries) {
        const context = await browser.newContext({ serviceWorkers: 'block' });
        const page = await context.newPage();
        await page.goto(`${origin}/_bench/`);
        // every request of the context (workers' too: Pagefind fetches from one); sizes read afterwards
        const requests: Request[] = [];
        context.on('requestfinished', (request) => { requests.push(request); });
        const answer = engine === 'ours'
          ? await page.evaluate(([c, q]) => (window as unknown as { benchOurs(c: string, q: string): Promise<{ ms: number; coldMs: number; first: string }> }).benchOurs(c, q), [chunk, query] as const)
          : await page.evaluate((q) => (window as unknown as { benchPagefind(q: string): Promise<{ ms: number; coldMs: number; first: string }> }).benchPagefind(q), query);
        // bytes on the wire (gzip body + headers) of everything the query loaded, the harness page excepted
        let bytes = 0;
        for (const request of requests) {
          if (request.resourceType() === 'document') continue;
          const size = await request.sizes().catch(() => null);
          if (size) bytes += size.responseBodySize + size.responseHeadersSize;
        }
        await context.close();
        const typedMs = engine === 'ours' ? await typedThenEnter(browser, origin, query, '/search/') : undefined;
        const fromPageMs = engine === 'ours' && articlePath && !searchPageOnly ? await typedThenEnter(browser, origin, query, articlePath) : undefined;
        const fromHomeMs = engine === 'ours' && !searchPageOnly ? await typedThenEnter(browser, origin, query, '/') : undefined;
        out[engine].push({ query, kb: bytes / 1024, ms: answer.ms, coldMs: answer.coldMs, typedMs, fromPageMs, fromHomeMs, first: answer.first });
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return out;
}

/**
 * The search box as a reader uses it: a fresh browser context opens `startPath` (the search page,
 * an article page or the home page, whose header boxes open the search page in place), focuses the
 * box (the search code and focus files load), types the query at 50 ms a key (suggestions appear),
 * waits for the suggestions, presses Enter, and times Enter → the status line and results list of
 * this query, rendered.
 */
async function typedThenEnter(browser: Browser, origin: string, query: string, startPath: string): Promise<number> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    // in every document of the context: note Enter's time (it survives the page load in
    // sessionStorage) and the time the results of the query are shown. A string: tsx would wrap
    // named functions in a helper the page does not have
    await context.addInitScript(`(() => {
      const wanted = ${JSON.stringify(`“${query}”`)};
      document.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') sessionStorage.setItem('kbEnter', String(performance.timeOrigin + performance.now()));
      }, { capture: true });
      new MutationObserver(() => {
        const start = Number(sessionStorage.getItem('kbEnter') || 0);
        const status = document.querySelector('main .kb-search-status')?.textContent ?? '';
        if (start && !window.kbRendered && status.includes(wanted)) window.kbRendered = performance.timeOrigin + performance.now() - start;
      }).observe(document, { childList: true, subtree: true, characterData: true });
    })()`);
    const page = await context.newPage();
    await page.goto(`${origin}${startPath}`, { waitUntil: 'networkidle' });
    const scope = startPath.startsWith('/search/') ? 'main' : 'header';
    const box = page.locator(`${scope} form.kb-search input[name="q"]`);
    await box.focus();
    await page.waitForFunction((sel) => document.querySelector<HTMLInputElement>(sel)?.dataset.kbEnhanced === '1', `${scope} form.kb-search input[name="q"]`);
    await page.waitForLoadState('networkidle');
    await box.pressSequentially(query, { delay: 50 });
    await page.locator('.kb-suggest:not([hidden]) li').first().waitFor({ timeout: 5000 }).catch(() => undefined);
    await page.waitForTimeout(20);
    await box.press('Enter');
    await page.waitForFunction(() => (window as unknown as { kbRendered?: number }).kbRendered !== undefined, undefined, { timeout: 15000 });
    return await page.evaluate(() => (window as unknown as { kbRendered: number }).kbRendered);
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const siteArg = args.indexOf('--site');
  const site = path.resolve(siteArg >= 0 ? args[siteArg + 1] ?? 'out' : path.join(root, 'out'));
  const corpus = corpusDir();
  if (siteArg < 0 && !args.includes('--skip-build')) {
    if (!corpus) {
      console.error('bench:search: the real corpus is needed (set KB_CORPUS), or pass --site DIR with a built export');
      return 1;
    }
    console.error(`bench:search: building the export of ${corpus} …`);
    run('npm run build', ['npm', 'run', 'build', '--silent'], { KB_CONTENT_DIR: corpus });
  }
  // with --site, the content is KB_CONTENT_DIR (the export's own articles), else the corpus just built
  const contentDir = process.env.KB_CONTENT_DIR ?? (siteArg >= 0 ? path.join(root, 'content') : corpus!);
  const oursDir = path.join(site, '_kb', 'search');
  // --reuse-index: keep the site's _kb/search (build figures then read 0); --no-pagefind: ours only
  const skipped = { stdout: '', seconds: 0, peakMb: 0 };
  console.error('bench:search: kb index …');
  const ours = args.includes('--reuse-index') ? skipped
    : run('kb index', [process.execPath, '--import', 'tsx', 'scripts/kb.ts', 'index', '--out', oursDir], { KB_CONTENT_DIR: contentDir });
  const indexing = /indexing ([\d.]+) s/.exec(ours.stdout)?.[1];
  const withPagefind = !args.includes('--no-pagefind');
  if (withPagefind) console.error('bench:search: pagefind …');
  // --reuse-pagefind: keep the site's pagefind/ when there is one (its build figures then read 0)
  const reusePagefind = args.includes('--reuse-pagefind') && existsSync(path.join(site, 'pagefind', 'pagefind.js'));
  const theirs = withPagefind && !reusePagefind ? run('pagefind', [path.join(root, 'node_modules', '.bin', 'pagefind'), '--site', site]) : skipped;
  const figures: Record<string, BuildFigures> = {
    ours: { seconds: ours.seconds, peakMb: ours.peakMb, ...sizeOf(oursDir) },
    pagefind: { seconds: theirs.seconds, peakMb: theirs.peakMb, ...(withPagefind ? sizeOf(path.join(site, 'pagefind')) : { files: 0, mb: 0 }) },
  };
  const evalFile = args.includes('--eval') ? args[args.indexOf('--eval') + 1] : undefined;
  const evalQueries = evalFile ? fivePerClass(JSON.parse(readFileSync(evalFile, 'utf8')) as { cls: string; query: string }[]) : [];
  const queries = [...(args.includes('--queries') ? args.slice(args.indexOf('--queries') + 1) : BENCH_QUERIES), ...evalQueries.map((q) => q.query)];
  // every query runs `--repeat` times (default 3), each in a fresh context; a query's figures are the medians
  const repeat = args.includes('--repeat') ? Math.max(1, Number(args[args.indexOf('--repeat') + 1]) || 1) : 3;
  const runs: { ours: QueryRow[]; pagefind: QueryRow[] }[] = [];
  for (let i = 0; i < repeat; i++) runs.push(await browse(site, queries, withPagefind));
  const medianRow = (engine: 'ours' | 'pagefind', i: number): QueryRow => {
    const all = runs.map((r) => r[engine][i]!);
    const optional = (values: (number | undefined)[]) => {
      const present = values.filter((x): x is number => x !== undefined);
      return present.length ? median(present) : undefined;
    };
    return {
      query: all[0]!.query, first: all[0]!.first, kb: median(all.map((r) => r.kb)), ms: median(all.map((r) => r.ms)),
      coldMs: median(all.map((r) => r.coldMs)), typedMs: optional(all.map((r) => r.typedMs)), fromPageMs: optional(all.map((r) => r.fromPageMs)),
      fromHomeMs: optional(all.map((r) => r.fromHomeMs)),
    };
  };
  const rows = {
    ours: queries.map((_, i) => medianRow('ours', i)),
    pagefind: withPagefind ? queries.map((_, i) => medianRow('pagefind', i)) : [],
  };

  const lines = [
    `Search bench on ${site} (${contentDir})`, '',
    `Each query ${runs.length} times in a fresh browser context; per query the median, per engine the median of those.`, '',
    '| | index build | peak memory | index size | index files | median KB / query | median ms, typed then Enter on the search page | median ms, typed then Enter on an article page | median ms, typed then Enter on the home page | median ms, pasted then Enter | median ms, fully cold |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const engine of ['ours', 'pagefind'] as const) {
    const f = figures[engine]!;
    const note = engine === 'ours' && indexing ? ` (parse + index; indexing alone ${indexing} s)` : '';
    lines.push(`| ${engine === 'ours' ? 'kbarchive-web' : 'Pagefind 1.6'} | ${f.seconds.toFixed(1)} s${note} | ${f.peakMb.toFixed(0)} MB | ${f.mb.toFixed(1)} MB | ${f.files} | ` +
      `${median(rows[engine].map((r) => r.kb)).toFixed(0)} | ` +
      `${engine === 'ours' ? median(rows.ours.map((r) => r.typedMs ?? 0)).toFixed(0) : '—'} | ` +
      `${engine === 'ours' && !searchPageOnly ? median(rows.ours.map((r) => r.fromPageMs ?? 0)).toFixed(0) : '—'} | ` +
      `${engine === 'ours' && !searchPageOnly ? median(rows.ours.map((r) => r.fromHomeMs ?? 0)).toFixed(0) : '—'} | ` +
      `${median(rows[engine].map((r) => r.ms)).toFixed(0)} | ${median(rows[engine].map((r) => r.coldMs)).toFixed(0)} |`);
  }
  lines.push('', '| query | ours: first hit | KB | ms typed, search page | ms typed, article page | ms typed, home page | ms pasted | Pagefind: first hit | KB | ms pasted |', '|---|---|---:|---:|---:|---:|---:|---|---:|---:|');
  rows.ours.forEach((o, i) => {
    const p = rows.pagefind[i];
    lines.push(`| \`${o.query}\` | ${o.first || '—'} | ${o.kb.toFixed(0)} | ${o.typedMs?.toFixed(0) ?? '—'} | ${o.fromPageMs?.toFixed(0) ?? '—'} | ${o.fromHomeMs?.toFixed(0) ?? '—'} | ${o.ms.toFixed(0)} | ` +
      `${p ? `${p.first || '—'} | ${p.kb.toFixed(0)} | ${p.ms.toFixed(0)}` : '— | — | —'} |`);
  });
  if (evalQueries.length > 0) {
    lines.push('', '| eval class (5 queries each) | ours: median KB | ms typed, search page | ms pasted | Pagefind: median KB | ms pasted |', '|---|---:|---:|---:|---:|---:|');
    for (const cls of [...new Set(evalQueries.map((q) => q.cls))]) {
      const at = evalQueries.map((q, i) => (q.cls === cls ? i + queries.length - evalQueries.length : -1)).filter((i) => i >= 0);
      const pick = (engine: 'ours' | 'pagefind', key: 'kb' | 'ms' | 'typedMs') => median(at.map((i) => rows[engine][i]?.[key] ?? 0));
      lines.push(`| ${cls} | ${pick('ours', 'kb').toFixed(0)} | ${pick('ours', 'typedMs').toFixed(0)} | ${pick('ours', 'ms').toFixed(0)} | ` +
        `${withPagefind ? `${pick('pagefind', 'kb').toFixed(0)} | ${pick('pagefind', 'ms').toFixed(0)}` : '— | —'} |`);
    }
  }
  console.log(lines.join('\n'));
  return 0;
}

/** The first five queries of each class of an eval:search set, in the set's order. */
function fivePerClass(set: { cls: string; query: string }[]): { cls: string; query: string }[] {
  const count = new Map<string, number>();
  return set.filter((q) => {
    const n = count.get(q.cls) ?? 0;
    count.set(q.cls, n + 1);
    return n < 5;
  });
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`bench:search: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
