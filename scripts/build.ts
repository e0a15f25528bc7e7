/**
 * `npm run build`: content → records → store + report → search index → client bundle → next build →
 * hosting files. One pass over the articles feeds the store, the site data and the search index.
 * Flags: --prepare-only (everything before next build, for `npm run dev`), --offline (also out-offline/).
 * Exit code: non-zero only when KB_STRICT=1 finds problems or next build fails.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../lib/build/package-root';
import { fileURLToPath } from 'node:url';
import { combineStamps, pathStamp, pathStampAsync, readBuildState, treeStamp, walkStamp, writeBuildState, type BuildState } from '../lib/build/build-state';
import { FolderListings } from '../lib/build/folder-listings';
import type { LoadReport } from '../lib/build/load';
import type { SiteData } from '../lib/build/site-data';
import { readText } from '../lib/build/read-text';
import { reportPath, storeDir } from '../lib/build/store-paths';
import { listTree, syncTree } from '../lib/build/sync-tree';
import type { OutListing } from '../lib/build/out-listing';
import type { TakenLayout } from '../lib/build/write-pages';
import { packWalk, unpackWalk, walkContent, type PackedWalk, type Walked } from '../lib/build/walk';
import { getSiteConfig } from '../lib/site-config';
import { isImmutablePath } from '../lib/routes';
import { collectGarbage, log, runChild, seconds, startChild, step, type Child } from './build-steps';

// the package's folder, from the sources or from the bundle in .cache/bundle/ (scripts/run-bundled.mjs)
const root = packageRoot(import.meta.dirname);

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

/** Moves a folder to a path that does not exist: renamed, or copied where a rename cannot go (another file system). */
function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/**
 * The prepare child (`--prepare-only`). Started by a full build (KB_PREPARE_WAIT=1), it loads its
 * modules while the parent walks the content and takes the stamps, then waits for the parent's one
 * message: the walk, or "nothing to do" (nothing is written before it). Run alone (`npm run dev`), it
 * walks the content itself.
 */
async function prepareOnly(): Promise<number> {
  if (process.env.KB_PREPARE_WAIT !== '1' || !process.send) return (await import('./build-prepare')).prepare();
  const order = new Promise<{ go: boolean; walk?: PackedWalk | null }>((resolve) => {
    // the one message: the channel then no longer keeps this process up (disconnecting inside the
    // handler trips Node 20's child_process internals)
    process.once('message', (message: { go: boolean; walk?: PackedWalk | null }) => { process.channel?.unref(); resolve(message); });
    process.once('disconnect', () => { resolve({ go: false }); });
  });
  const { prepare, prepareAhead } = await import('./build-prepare');
  // what does not need the walk is done while it comes (the cache's index and dictionary), unless
  // there is nothing to do
  let stop = false;
  void order.then(({ go }) => { stop = !go; });
  const ahead = await prepareAhead(() => stop);
  const { go, walk } = await order;
  if (!go) return 0;
  return prepare(walk ? unpackWalk(walk) : undefined, ahead);
}

/** The folder listings of out/'s stamp (lib/build/folder-listings.ts), as the last build left them. */
const outFolderListings = (stateDir: string, outDir: string): FolderListings => new FolderListings(path.join(stateDir, 'listings', 'out.tsv'), path.resolve(outDir));

/** What the stamps found before the prepare child goes: nothing to do, or what the build needs of them. */
type Stamps = { unchanged: true; outRead: number } | {
  unchanged: false;
  sources: string;
  /** the state of the last successful build (null: none, or KB_FORCE=1) */
  previous: BuildState | null;
  /** the outputs stamp as the last build left them: out/'s part may still be on its way */
  outputs: Promise<string>;
  /** the walk has been handed to the prepare child */
  sent: Promise<void>;
};

/**
 * Walks the content, takes the sources stamp and compares it and the outputs with the last build's
 * state; tells the prepare child to stop (nothing changed) or to go, with the walk. The child writes
 * public/ and the store: their stamps are taken before it goes. Nothing writes out/ before the child
 * ends, so unless the sources are unchanged, out/'s stamp is taken while the child works.
 */
function takeStamps(contentDir: string, settings: unknown, outputPaths: string[], stateDir: string, child: Child, started: number): Stamps {
  const codePaths = ['app', 'components', 'lib', 'client', 'scripts', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'].map((f) => path.join(root, f));
  // the content is walked once, here: for the stamp, and handed to the prepare child
  let walked: Walked | null = { files: [], problems: [] };
  const contentListings = new FolderListings(path.join(stateDir, 'listings', 'content.tsv'), path.resolve(contentDir));
  try { walked.files = walkContent(contentDir, walked.problems, { listings: contentListings }); } catch { walked = null; /* the child reports it */ }
  const sources = treeStamp(codePaths, { settings, content: contentDir, walk: walkStamp(walked) });
  const stateFile = path.join(stateDir, 'build-state.json');
  const previous = process.env.KB_FORCE === '1' ? null : readBuildState(stateFile);
  const [outDir, ...others] = outputPaths as [string, ...string[]];
  const otherStamps = others.map((p) => pathStamp(p));
  const outListings = outFolderListings(stateDir, outDir);
  const withOthers = (outStamp: string): string => { outListings.save(); return combineStamps(null, [outStamp, ...otherStamps]); };
  let outputs: Promise<string> | null = null;
  if (previous?.sources === sources) {
    const found = withOthers(pathStamp(outDir, { listings: outListings }));
    if (previous.outputs === found) {
      void child.send({ go: false });
      return { unchanged: true, outRead: outListings.read };
    }
    outputs = Promise.resolve(found);
  }
  rmSync(stateFile, { force: true }); // until this build succeeds, nothing is known to be up to date
  const read = contentListings.read;
  log(`build: ${walked ? `${walked.files.length.toLocaleString('en-US')} files walked (${read.toLocaleString('en-US')} folder${read === 1 ? '' : 's'} read, the others as the last walk listed them)` : 'the content could not be walked'} and stamps taken in ${seconds(performance.now() - started)}: the prepare child goes`);
  // the listings are saved once the walk is on its way
  const sent = child.send({ go: true, walk: walked && packWalk(contentDir, walked) }).then(() => { contentListings.save(); });
  walked = null;
  // a stamp that fails is no stamp: out/ is then taken as unknown
  return { unchanged: false, sources, previous, sent, outputs: outputs ?? pathStampAsync(outDir, { listings: outListings }).then(withOthers, () => 'unknown') };
}

/**
 * The full build runs the prepare steps in a child process and next build after it exits: the
 * search postings and parse buffers (hundreds of MB at 60k articles) are then returned to the system
 * instead of sitting in this process's heap while Next renders (V8 keeps freed pages; peak memory
 * of the whole tree is what the 2 GB target counts).
 */
export async function build(args: string[]): Promise<number> {
  if (args.includes('--prepare-only')) return prepareOnly();
  const started = performance.now();
  const offline = args.includes('--offline');
  const config = getSiteConfig();
  const store = storeDir();
  const outDir = path.join(root, 'out');
  // where out/ goes when next build's export replaces it, until this build's files are written
  const oldOut = path.join(root, '.kb', 'out-replaced');
  // the prepare child starts at once: its modules load while this process walks and stamps; it waits
  // for the walk (or for "nothing to do") before it writes anything
  const child = startChild([...process.execArgv, fileURLToPath(import.meta.url), '--prepare-only'], { ...process.env, KB_PREPARE_WAIT: '1' }, root);
  const stateDir = path.dirname(store);

  const settings = { config, args, env: ['KB_CACHE_DIR', 'KB_PAGE_POOL', 'KB_NEXT_HEAP_MB', 'NODE_OPTIONS'].map((k) => process.env[k] ?? null) };
  const outputPaths = [outDir, path.join(root, 'public'), path.join(store, 'site.json'), reportPath(store), ...(offline ? [path.join(root, 'out-offline')] : [])];
  let stamps: Stamps;
  try {
    stamps = takeStamps(config.contentDir, settings, outputPaths, stateDir, child, started);
  } catch (error) {
    void child.send({ go: false }); // this process failed: the child ends without a word
    throw error;
  }
  if (stamps.unchanged) {
    await child.exited;
    const read = stamps.outRead;
    log(`build: nothing changed since the last build; out/ is up to date (checked in ${seconds(performance.now() - started)}, ${read.toLocaleString('en-US')} of its folder${read === 1 ? '' : 's'} read, the others as recorded; KB_FORCE=1 builds anyway)`);
    return 0;
  }
  const { sources, previous } = stamps;
  // the walk and out/'s stamp are garbage once the walk is sent and the stamp taken (while the child
  // works): collected then, so that their memory is not held through the child's load
  void Promise.all([stamps.sent, stamps.outputs]).then(collectGarbage);
  const prepared = await child.exited;
  const outputsIntact = previous !== null && previous.outputs === await stamps.outputs;
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
  const [{ writePages }, { parseSnapshot, snapshotFiles }] = await Promise.all([import('../lib/build/write-pages'), import('../lib/build/page-inputs')]);
  // what the last build kept of its site data for the pages' quick check, read before the pages step
  // sets it aside (until this build is done it no longer describes out/)
  let lastSnapshot = null;
  try { lastSnapshot = parseSnapshot(readFileSync(snapshotFiles(pagesState).snapshot, 'utf8')); } catch { /* none: the full check */ }
  // the site data's layout for the next build's quick check: taken here when this thread reads the site
  // data while the pages are checked (below), else by the page thread after them
  const layout: TakenLayout = {};
  const drawPages = (usePrevious: boolean, ready?: Promise<unknown>) => {
    [pagesCpu, pagesStarted] = [process.cpuUsage(), performance.now()];
    return writePages(
    root, { outDir, config: { basePath: config.basePath, siteUrl: config.siteUrl } },
      { stateFile: pagesState, lookupsFile: path.join(path.dirname(store), 'page-lookups.tsv'), usePrevious, articles: report.articles, ready, layout },
    );
  };
  let pagesRun: ReturnType<typeof drawPages> | null = null;
  /**
   * out/ as the last build left it, kept: the pages whose inputs are unchanged are not drawn again,
   * and public/'s copy is brought up to date. Returns the pages step and what `publicFiles` and
   * `listing` become.
   */
  const keepOut = async (label: string): Promise<{ run: ReturnType<typeof drawPages>; files: string[]; kept: OutListing | null }> => {
    let copied = (): void => {};
    const run = drawPages(true, new Promise<void>((resolve) => { copied = resolve; }));
    run.catch(() => { /* reported where it is awaited */ });
    // a turn of the event loop: writePages starts its threads and reads the last state before this thread goes on
    await new Promise((resolve) => setImmediate(resolve));
    let synced;
    try {
      synced = await step(label, () => syncTree(path.join(root, 'public'), outDir, previous?.publicFiles ?? [], (rel) => isImmutablePath(`/${rel}`)));
    } finally {
      copied();
    }
    log(`build: public/ → out/: ${synced.written} files written, ${synced.removed} removed`);
    const kept = readListing(listingFile, outDir, previous?.listing);
    for (const rel of synced.removedFiles) kept?.remove(rel);
    for (const rel of synced.writtenFiles) kept?.record(rel);
    return { run, files: synced.files, kept };
  };
  if (pool && outputsIntact && previous.next === nextKey) {
    // next build would give what out/ holds: bring its copy of public/ up to date instead
    ({ run: pagesRun, files: publicFiles, kept: listing } = await keepOut('next build skipped (its code and settings are unchanged); public/ copied'));
  } else {
    // With the page threads, next build exports into a folder of its own (next.config.js: KB_NEXT_EXPORT):
    // it would delete out/ first (130,000 entries: 35 s on this disk), and the pages would all be
    // drawn again. Its export is public/'s copy, the search page (drawn again by the page threads)
    // and what no page uses (NEXT_EXPORT_LEFTOVERS): when out/ is as the last build left it, out/ is
    // kept as when next build is skipped; else the export becomes out/.
    const nextExport = path.join(root, '.kb', 'next-export');
    const env = { ...process.env, KB_STORE_DIR: store, KB_PAGE_POOL: pool ? '1' : '0', KB_BUILD_ID: buildId, NODE_OPTIONS: nodeOptions, KB_NEXT_EXPORT: pool ? path.relative(root, nextExport) : '' };
    const status = await runChild([nextBin, 'build'], env, root);
    if (status !== 0) {
      log(`build: next build failed (exit ${status})`);
      return status;
    }
    log(`build: next build done in ${seconds(performance.now() - nextStarted)}`);
    if (pool && outputsIntact) {
      rmSync(nextExport, { recursive: true, force: true });
      ({ run: pagesRun, files: publicFiles, kept: listing } = await keepOut('out/ kept (next build exported beside it); public/ copied'));
    } else {
      if (pool) {
        // the last out/ is moved aside and deleted once this build's files are written: on a disk
        // with online discard (ext4 `discard`, this machine's), the writes right after deleting
        // 130,000 entries cost up to twice the kernel time (README, Performance)
        rmSync(oldOut, { recursive: true, force: true });
        try { renameSync(outDir, oldOut); } catch { rmSync(outDir, { recursive: true, force: true }); }
        moveFolder(nextExport, outDir);
      }
      publicFiles = listTree(path.join(root, 'public'));
      if (pool) pagesRun = drawPages(false);
    }
  }
  // loaded only now: held while the child and next build ran, they added to the build's peak memory
  const [{ pageFileName }, { writeHostingFiles, writeOfflineCopy, writeSiteFiles }, { writeNotFoundPage, NEXT_EXPORT_LEFTOVERS }, { siteIndex }, { changedOutsideSimilar, writeSiteLayout }] = await Promise.all([
    import('../lib/build/page-file'), import('../lib/hosting/index'), import('../lib/render/not-found-page'), import('../lib/render/site-context'),
    import('../lib/build/site-snapshot'),
  ]);
  // the 404 page as static HTML in place of Next's React one; Next's 404/, _not-found/ and _next/ go.
  // It shows no site data (the site's name and base path only): drawn from an empty site's context
  writeNotFoundPage(outDir, siteIndex({ articles: [], products: [], citedBy: {} }, config).ctx);
  for (const name of NEXT_EXPORT_LEFTOVERS) listing?.removeFolder(name);
  // read by the hosting step only when what it makes from it must be made again (after the pages: held
  // during them, the site data, tens of MB at 60k articles, would add to the peak of their threads)
  let siteReads = 0;
  const readSite = (): SiteData => {
    siteReads++;
    return JSON.parse(readText(path.join(store, 'site.json'))) as SiteData;
  };
  // a rebuild whose site data changed outside its similar articles (the hosting files then are made
  // again) reads it and writes the files made from it alone while the page thread checks the pages, as
  // the thread does not spare it then; one that changed in its similar articles only reads none
  let site: SiteData | undefined;
  let siteFiles: Awaited<ReturnType<typeof writeSiteFiles>> | undefined;
  if (listing && pagesRun) {
    if (!lastSnapshot || changedOutsideSimilar(path.join(store, 'site.json'), lastSnapshot) !== null) {
      site = readSite();
      siteFiles = await writeSiteFiles(site, outDir, config, listing);
      // the page thread, which loaded the site data too, is still checking the pages: it took a second after them
      if (!layout.decided) {
        try { layout.layout = writeSiteLayout(store, snapshotFiles(pagesState), site.articles); } catch { layout.layout = null; }
      }
    }
  }
  let siteKey: string | null = null;
  if (pagesRun) {
    const pages = await pagesRun;
    siteKey = pages.siteKey && `${nextKey}\n${pages.siteKey}`;
    log(`build: pages done in ${seconds(performance.now() - pagesStarted)}`);
    if (listing) {
      for (const sitePath of pages.removedPaths) listing.remove(pageFileName(sitePath));
      for (const sitePath of pages.writtenPaths) listing.record(pageFileName(sitePath), pages.hashes.get(sitePath));
    } else {
      for (const [sitePath, hash] of pages.hashes) pageDigests.set(pageFileName(sitePath), hash);
    }
    const used = process.cpuUsage(pagesCpu);
    log(`build: pages ${pages.pages.toLocaleString('en-US')}, ${pages.checked.toLocaleString('en-US')} checked in full, ${pages.drawn.toLocaleString('en-US')} drawn (the others' inputs unchanged), ${pages.written.toLocaleString('en-US')} written, ${pages.removed} removed, ${(pages.bytes / 1e6).toFixed(1)} MB, ${pages.workers} worker threads, ${seconds((used.user + used.system) / 1000)} of CPU (all threads, this one included)${pages.quick ? '; quick check: the site data changed in its similar articles only' : pages.selected ? `; selective check, ${pages.selectedLookups} lookups may answer otherwise (no quick check: ${pages.quickMissed})` : pages.quickMissed ? `; no quick check: ${pages.quickMissed}` : ''}`);
  }
  const memo = { file: path.join(stateDir, 'hosting-site.json'), key: siteKey };
  // without a kept listing the hosting step walks out/: the outputs stamp's folder listings are taken
  // then, after the pages (at the start of this build out/ was another tree), so that the next build's
  // stamp reads none of the folders this one wrote
  const folderListings = listing ? undefined : outFolderListings(stateDir, outDir);
  const outFiles = await step('hosting files', () => writeHostingFiles(site ?? readSite, outDir, config, listing ? { listing, memo } : { pageDigests, memo, folderListings }, siteFiles));
  folderListings?.save();
  log(`build: the site data was ${siteReads > 0 ? 'read' : 'not read'} by this process after the prepare step`);
  if (offline) await step('offline copy', () => writeOfflineCopy(outDir, path.join(root, 'out-offline'), config));
  // out/ as the hosting step listed it last: not walked again
  const outputs = treeStamp(outputPaths, null, new Map([[path.resolve(outDir), outFiles.list()]]));
  writeBuildState(path.join(stateDir, 'build-state.json'), { sources, outputs, next: pool ? nextKey : undefined, publicFiles, listing: writeListing(listingFile, outFiles) });
  // the out/ this build replaced (next build's export took its place, above), deleted last
  if (existsSync(oldOut)) await step('the replaced out/ deleted', () => { rmSync(oldOut, { recursive: true, force: true }); });
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
