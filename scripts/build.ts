/**
 * `npm run build`: content → records → store + report → search index → client bundle → next build →
 * hosting files. One pass over the articles feeds the store, the site data and the search index.
 * Flags: --prepare-only (everything before next build, for `npm run dev`), --offline (also out-offline/).
 * Exit code: non-zero only when KB_STRICT=1 finds problems or next build fails.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildState, treeStamp, walkStamp, writeBuildState } from '../lib/build/build-state';
import type { LoadReport } from '../lib/build/load';
import type { SiteData } from '../lib/build/site-data';
import { reportPath, storeDir } from '../lib/build/store-paths';
import { listTree, syncTree } from '../lib/build/sync-tree';
import type { OutListing } from '../lib/build/out-listing';
import { walkContent, type Walked } from '../lib/build/walk';
import { getSiteConfig } from '../lib/site-config';
import { isImmutablePath } from '../lib/routes';
import { log, runChild, seconds, step } from './build-steps';

const root = path.resolve(import.meta.dirname, '..');

/** Everything Next compiles or copies into the app's code, hashed: the same sources give the same build id. */
function nextBuildId(): string {
  const hash = createHash('sha1');
  for (const dir of ['app', 'components', 'lib', 'client']) {
    const names = (readdirSync(path.join(root, dir), { recursive: true }) as string[]).filter((n) => /\.(tsx?|json|css)$/.test(n)).sort();
    for (const name of names) hash.update(`${dir}/${name}\n`).update(readFileSync(path.join(root, dir, name)));
  }
  for (const file of ['next.config.js', 'package-lock.json']) {
    try { hash.update(`${file}\n`).update(readFileSync(path.join(root, file))); } catch { /* absent */ }
  }
  return `kb-${hash.digest('hex').slice(0, 16)}`;
}

/**
 * The full build runs the prepare steps in a child process and next build after it exits: the
 * search postings and parse buffers (hundreds of MB at 60k articles) are then returned to the system
 * instead of sitting in this process's heap while Next renders (V8 keeps freed pages; peak memory
 * of the whole tree is what the 2 GB target counts).
 */
export async function build(args: string[]): Promise<number> {
  // the child: the prepare steps' modules are loaded there only (the parent stays small while it runs)
  if (args.includes('--prepare-only')) return (await import('./build-prepare')).prepare();
  const started = performance.now();
  const offline = args.includes('--offline');
  const config = getSiteConfig();
  const store = storeDir();
  const outDir = path.join(root, 'out');

  // nothing changed since the last successful build (content, code, settings, outputs): nothing to do
  const stateFile = path.join(path.dirname(store), 'build-state.json');
  const settings = { config, args, env: ['KB_CACHE_DIR', 'KB_PAGE_POOL', 'KB_NEXT_HEAP_MB', 'NODE_OPTIONS'].map((k) => process.env[k] ?? null) };
  const codePaths = ['app', 'components', 'lib', 'client', 'scripts', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'].map((f) => path.join(root, f));
  const outputPaths = [outDir, path.join(root, 'public'), path.join(store, 'site.json'), reportPath(store), ...(offline ? [path.join(root, 'out-offline')] : [])];
  // the content is walked once, here: for the stamp, and handed to the prepare child (KB_WALK_FILE)
  let walked: Walked | null = { files: [], problems: [] };
  try { walked.files = walkContent(config.contentDir, walked.problems); } catch { walked = null; /* the child reports it */ }
  const sources = treeStamp(codePaths, { settings, content: config.contentDir, walk: walkStamp(walked) });
  const previous = process.env.KB_FORCE === '1' ? null : readBuildState(stateFile);
  // out/, public/ and the store exactly as the last successful build left them
  const outputsIntact = previous !== null && previous.outputs === treeStamp(outputPaths);
  if (outputsIntact && previous.sources === sources) {
    log(`build: nothing changed since the last build; out/ is up to date (checked in ${seconds(performance.now() - started)}; KB_FORCE=1 builds anyway)`);
    return 0;
  }
  rmSync(stateFile, { force: true }); // until this build succeeds, nothing is known to be up to date
  const walkFile = path.join(path.dirname(store), 'walk.json');
  let childEnv = process.env;
  if (walked) {
    mkdirSync(path.dirname(walkFile), { recursive: true });
    writeFileSync(walkFile, JSON.stringify({ contentDir: config.contentDir, ...walked }));
    childEnv = { ...process.env, KB_WALK_FILE: walkFile };
  }
  walked = null;
  const prepared = await runChild([...process.execArgv, fileURLToPath(import.meta.url), '--prepare-only'], childEnv, root);
  rmSync(walkFile, { force: true });
  if (prepared !== 0) return prepared;
  const prepareDone = performance.now();
  const { readListing, writeListing } = await import('../lib/build/out-listing');
  const nextStarted = performance.now();
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  // the routes read the store through KB_STORE_DIR: pass it absolute so Next's workers agree
  // Next's main process grows its heap lazily; a cap makes it collect sooner. Next strips the cap
  // from its render workers, so they get --expose-gc instead and the route handler collects every
  // 2,000 pages (lib/render/collect-garbage.ts). Whole archive: peak of the process tree 1.85-2.09 GB
  // with the cap alone, 1.5 GB with both.
  const heapMb = Number(process.env.KB_NEXT_HEAP_MB ?? 640);
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', heapMb > 0 ? `--max-old-space-size=${heapMb}` : '', '--expose-gc'].join(' ').trim();
  // KB_PAGE_POOL=1: Next renders the app shell and the search page only; writePages writes every page
  // (KB_PAGE_POOL=0 leaves every page to Next, the way it was: for comparing the two)
  const pool = process.env.KB_PAGE_POOL !== '0';
  const buildId = nextBuildId();
  // what next build depends on: its code (the build id hashes it) and the settings; no page it renders
  // reads the store (the page workers write every page, the search page included, after it)
  const nextKey = createHash('sha1').update(`${buildId}\n${JSON.stringify(settings)}\n`).digest('hex');
  // what each page was drawn from (lib/build/page-inputs.ts); only when out/ is as the last build left it
  const pagesState = path.join(path.dirname(store), 'pages.tsv');
  let publicFiles: string[];
  // each page's sha1 as the page workers wrote it, by file below out/: the hosting step's offline version uses them
  const pageDigests = new Map<string, string>();
  // every file of out/ as the last build left it (lib/build/out-listing.ts), brought up to date by each step below
  const listingFile = path.join(path.dirname(store), 'out-files.tsv');
  let listing: OutListing | null = null;
  const report = JSON.parse(readFileSync(reportPath(store), 'utf8')) as LoadReport;
  // the files of earlier builds' page state (JSON objects, parsed whole by the parent)
  for (const old of ['pages.json', 'page-inputs.json']) rmSync(path.join(path.dirname(store), old), { force: true });
  let pagesCpu = process.cpuUsage();
  let pagesStarted = performance.now();
  // the pages step (its worker threads load the site data and tell the unchanged pages) runs while
  // this thread does what does not depend on it; `ready`: out/ may be written from then on
  const { writePages } = await import('../lib/build/write-pages');
  const drawPages = (usePrevious: boolean, ready?: Promise<unknown>) => {
    [pagesCpu, pagesStarted] = [process.cpuUsage(), performance.now()];
    return writePages(
    root, { outDir, config: { basePath: config.basePath, siteUrl: config.siteUrl } },
      { stateFile: pagesState, lookupsFile: path.join(path.dirname(store), 'page-lookups.tsv'), usePrevious, articles: report.articles, ready },
    );
  };
  let pagesRun: ReturnType<typeof drawPages> | null = null;
  if (pool && outputsIntact && previous.next === nextKey) {
    // next build would give what out/ holds: bring its copy of public/ up to date instead
    let copied = (): void => {};
    pagesRun = drawPages(true, new Promise<void>((resolve) => { copied = resolve; }));
    pagesRun.catch(() => { /* reported where it is awaited */ });
    // a turn of the event loop: writePages starts its threads and reads the last state before this thread goes on
    await new Promise((resolve) => setImmediate(resolve));
    let synced;
    try {
      synced = await step('next build skipped (its code and settings are unchanged); public/ copied', () => syncTree(path.join(root, 'public'), outDir, previous.publicFiles ?? [], (rel) => isImmutablePath(`/${rel}`)));
    } finally {
      copied();
    }
    log(`build: public/ → out/: ${synced.written} files written, ${synced.removed} removed`);
    publicFiles = synced.files;
    listing = readListing(listingFile, outDir, previous.listing);
    for (const rel of synced.removedFiles) listing?.remove(rel);
    for (const rel of synced.writtenFiles) listing?.record(rel);
  } else {
    const env = { ...process.env, KB_STORE_DIR: store, KB_PAGE_POOL: pool ? '1' : '0', KB_BUILD_ID: buildId, NODE_OPTIONS: nodeOptions };
    const status = await runChild([nextBin, 'build'], env, root);
    if (status !== 0) {
      log(`build: next build failed (exit ${status})`);
      return status;
    }
    log(`build: next build done in ${seconds(performance.now() - nextStarted)}`);
    publicFiles = listTree(path.join(root, 'public'));
    if (pool) pagesRun = drawPages(false);
  }
  // loaded only now: held while the child and next build ran, they added to the build's peak memory
  const [{ pageFileName }, { writeHostingFiles, writeSiteFiles, writeOfflineCopy }, { writeNotFoundPage, NEXT_EXPORT_LEFTOVERS }, { siteIndex }] = await Promise.all([
    import('../lib/build/page-file'), import('../lib/hosting/index'), import('../lib/render/not-found-page'), import('../lib/render/site-context'),
  ]);
  // the 404 page as static HTML in place of Next's React one; Next's 404/, _not-found/ and _next/ go.
  // It shows no site data (the site's name and base path only): drawn from an empty site's context
  writeNotFoundPage(outDir, siteIndex({ articles: [], products: [], citedBy: {} }, config).ctx);
  for (const name of NEXT_EXPORT_LEFTOVERS) listing?.removeFolder(name);
  const readSite = (): SiteData => JSON.parse(readFileSync(path.join(store, 'site.json'), 'utf8')) as SiteData;
  // a rebuild reads the site data while the page worker checks the pages (one thread draws then, and
  // the data is needed anyway); a full build only after the pages: held during them, the site data
  // (tens of MB at 60k articles) would add to the peak of their threads
  let site = listing ? readSite() : null;
  const siteFiles = site && listing ? await writeSiteFiles(site, outDir, config, listing) : undefined;
  if (pagesRun) {
    const pages = await pagesRun;
    log(`build: pages done in ${seconds(performance.now() - pagesStarted)}`);
    if (listing) {
      for (const sitePath of pages.removedPaths) listing.remove(pageFileName(sitePath));
      for (const sitePath of pages.writtenPaths) listing.record(pageFileName(sitePath), pages.hashes.get(sitePath));
    } else {
      for (const [sitePath, hash] of pages.hashes) pageDigests.set(pageFileName(sitePath), hash);
    }
    const used = process.cpuUsage(pagesCpu);
    log(`build: pages ${pages.pages.toLocaleString('en-US')}, ${pages.checked.toLocaleString('en-US')} checked in full, ${pages.drawn.toLocaleString('en-US')} drawn (the others' inputs unchanged), ${pages.written.toLocaleString('en-US')} written, ${pages.removed} removed, ${(pages.bytes / 1e6).toFixed(1)} MB, ${pages.workers} worker threads, ${seconds((used.user + used.system) / 1000)} of CPU (all threads, this one included)`);
  }
  site ??= readSite();
  const outFiles = await step('hosting files', () => writeHostingFiles(site, outDir, config, listing ? { listing } : { pageDigests }, siteFiles));
  if (offline) await step('offline copy', () => writeOfflineCopy(outDir, path.join(root, 'out-offline'), config));
  // out/ as the hosting step listed it last: not walked again
  const outputs = treeStamp(outputPaths, null, new Map([[path.resolve(outDir), outFiles.list()]]));
  writeBuildState(stateFile, { sources, outputs, next: pool ? nextKey : undefined, publicFiles, listing: writeListing(listingFile, outFiles) });
  log(`build: ${report.files.toLocaleString('en-US')} files in, ${report.articles.toLocaleString('en-US')} pages out, ` +
    `${report.skipped.length} skipped, ${report.warnings.length} warnings; total ${seconds(performance.now() - started)} (${seconds(performance.now() - prepareDone)} after the prepare step)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/build.ts')) {
  build(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      log(`build: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
