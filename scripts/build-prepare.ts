/**
 * The steps of `npm run build` before next build, run in a child process of scripts/build.ts (so that
 * their memory goes back to the system before next build and the pages): load → site data → similar
 * articles → store + report → search index (the client bundle first); in a rebuild the similar articles
 * are made on a thread beside the search index step, and the store and report follow it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../lib/build/package-root';
import { loadContent, numberDictionary, summarizeReport, type LoadReport } from '../lib/build/load';
import { cacheReadAhead, readCacheAhead } from '../lib/build/cache';
import { defaultWorkerCount } from '../lib/build/load-parse-pool';
import { createShardExportPool } from '../lib/build/shard-export';
import { parseWorker } from '../lib/build/worker-build';
import { createSiteDataBuilder, siteDataText } from '../lib/build/site-data';
import { startSimilarThread } from '../lib/build/similar-thread';
import { similarWithMemo } from '../lib/build/similar-memo';
import { reportPath, storeDir } from '../lib/build/store-paths';
import { createStoreWriter } from '../lib/build/store-write';
import { createSearchIndexBuilder, type SearchIndexBuilder } from '../lib/search/build-index';
import { getSiteConfig } from '../lib/site-config';
import type { Walked } from '../lib/build/walk';
import { bundleClient } from './bundle-client';
import { collectGarbage, log, seconds, step } from './build-steps';

const root = packageRoot(import.meta.dirname);

/** The record cache's folder: KB_CACHE_DIR (the bench measures cold and warm builds with a cache of its own), else .cache/records. */
function recordCacheDir(): string {
  return process.env.KB_CACHE_DIR ? path.resolve(process.env.KB_CACHE_DIR) : path.join(root, '.cache', 'records');
}

/** A file of the build's cache beside the records: in KB_CACHE_DIR when set (the bench's cold builds start without one), else in .cache/. */
function cacheFile(name: string): string {
  return process.env.KB_CACHE_DIR ? path.resolve(process.env.KB_CACHE_DIR, name) : path.join(root, '.cache', name);
}

/** What a prepare did before its walk came (prepareAhead). */
export interface Ahead {
  /** the search index builder, the record cache's term dictionary numbered in it */
  search: SearchIndexBuilder;
  /** the parse worker's bundle, when the cache holds records it made (a rebuild: most records will be hits) */
  warmWorker: string | null;
}

/**
 * What a prepare can do before its walk comes, while the build's parent walks the content and takes
 * its stamps (~2 s of an archive rebuild in which the child had nothing to do): read the record cache's
 * index and term dictionary (readCacheAhead) and number the dictionary in the search index builder
 * (~1.5 s of the rebuild's critical path). Each piece is one turn of the event loop: `stopped()`
 * between them ends it early (the parent said there is nothing to do).
 */
export async function prepareAhead(stopped: () => boolean): Promise<Ahead | undefined> {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  try {
    const search = createSearchIndexBuilder();
    await turn();
    if (stopped()) return undefined;
    const { fingerprint, file } = await parseWorker(root);
    await turn();
    if (stopped()) return undefined;
    const dictionary = readCacheAhead(recordCacheDir(), fingerprint);
    await turn();
    if (stopped()) return undefined;
    if (dictionary && dictionary.length > 0) numberDictionary(search.numbering, dictionary);
    return { search, warmWorker: dictionary && dictionary.length > 0 ? file : null };
  } catch {
    // nothing is done ahead: the load does it, and says what failed (a build with nothing to do need not)
    return undefined;
  }
}

/**
 * Loads the content and finishes the site data but for its similar articles; the records' terms go to
 * `search`. Its own function so that the site data's builder is garbage once it returns: held through
 * the search index step it added a few hundred MB to the build's peak. What it returns is small: the
 * store writer (an index of places), the site data as text, and the similar articles' input.
 */
async function loadContentAndSite(config: ReturnType<typeof getSiteConfig>, store: string, search: SearchIndexBuilder, walked: Walked | undefined) {
  const siteData = createSiteDataBuilder();
  const writer = createStoreWriter(store);
  let report: LoadReport;
  try {
    report = await loadContent({
      contentDir: config.contentDir,
      walked,
      cacheDir: recordCacheDir(),
      progress: true,
      // KB_PARSE_THREADS: the parse threads (default: loadContent's choice)
      ...(process.env.KB_PARSE_THREADS ? { workers: Number(process.env.KB_PARSE_THREADS) } : {}),
      searchTerms: true,
      // every record's terms in the index's own numbers, which the cache keeps them in
      numbering: search.numbering,
      // the records' texts are in the cache's pack already (the store points there): the main thread needs their summaries only
      onSummary(summary, terms, place) {
        if (!terms) throw new Error(`no search terms came with ${summary.source}`);
        writer.refer(summary, place);
        search.add(summary, terms);
        // the similar articles file the terms by the index's numbers
        siteData.addNumbered(summary, terms.similar, null);
      },
    });
  } catch (error) {
    writer.abort();
    throw error;
  }
  for (const line of summarizeReport(report)) log(`build: ${line}`);
  const { site, similar } = await step('site data (lists, cross references)', () => siteData.finishApart());
  return { report, writer, similar, totals: site.totals, siteText: siteDataText(site) };
}

/**
 * The steps before next build: client bundle → load → site data → similar articles, store + report,
 * search index (see above). `walked`: the content as the build's parent walked it (scripts/build.ts),
 * else it is walked here; `ahead`: what was done while the parent walked (prepareAhead).
 */
export async function prepare(walked?: Walked, ahead?: Ahead): Promise<number> {
  const started = performance.now();
  const config = getSiteConfig();
  const store = storeDir();
  log(`build: content ${config.contentDir}, store ${store}${config.basePath ? `, base path ${config.basePath}` : ''}`);
  // first: esbuild's process (~15 MB) is gone before the load fills this process (the build's peak)
  await step('client bundle', () => bundleClient(config));
  // the builder that numbered the cache's dictionary ahead, unless another build has replaced the cache since
  const warm = ahead && cacheReadAhead(recordCacheDir()) ? ahead : undefined;
  const search = warm?.search ?? createSearchIndexBuilder();
  // in a rebuild the similar articles' thread starts now: its modules load beside the load
  const similarThread = warm?.warmWorker ? startSimilarThread(warm.warmWorker) : null;
  let loaded;
  try {
    loaded = await loadContentAndSite(config, store, search, walked);
  } catch (error) {
    similarThread?.cancel();
    throw error;
  }
  const { report, writer, similar, totals, siteText } = loaded;
  // the similar articles: in a rebuild (most records from the cache) on a thread of their own, beside
  // the search index step, which then makes few files; in a cold build here, before it: beside its
  // export threads, a third thread raised the build's peak memory by ~150 MB
  const worker = await parseWorker();
  const incremental = report.cached > report.articles / 2;
  if (!incremental) similarThread?.cancel();
  // the lists of the groups whose input did not change are the last build's (similar-memo.ts)
  const memo = { file: cacheFile('similar.json'), key: worker.fingerprint };
  const similarDone = (incremental ? (similarThread ?? startSimilarThread(worker.file)).run(similar, memo) : step('similar articles', () => similarWithMemo(similar, memo)))
    .then(({ similar: lists, reused, computed }) => {
      log(`build: similar articles: ${computed} groups computed, ${reused} as the last build's (their input unchanged)`);
      return lists;
    });
  // the store and the report, once the similar articles are known
  const finishStore = async (): Promise<void> => {
    // what does not need the similar articles first: in a rebuild their thread is often still at work
    writer.placeRecords(report.pack);
    siteText.prepare();
    const similarArticles = incremental ? await step('similar articles (on their own thread, beside the search index)', () => similarDone) : await similarDone;
    await step('store', () => writer.finish(siteText.text(similarArticles), report.pack));
    mkdirSync(path.dirname(reportPath(store)), { recursive: true });
    const { pack: _pack, ...reported } = report;
    writeFileSync(reportPath(store), `${JSON.stringify({ contentDir: config.contentDir, ...reported, totals }, null, 1)}\n`);
  };

  if (config.strict && (report.errors.length || report.warnings.length)) {
    for (const p of [...report.errors, ...report.warnings]) log(`${p.file}:${p.line}: ${p.message} [${p.code}, ${p.severity}]`);
    log(`build: KB_STRICT=1 and ${report.errors.length} errors, ${report.warnings.length} warnings: stopping`);
    await finishStore();
    return 1;
  }
  // in a cold build the similar articles are known now: the store is written before the index step
  // (the site data's text, ~25 MB at 60k articles, is not held through it)
  if (!incremental) await finishStore();

  const searchDir = path.join(root, 'public', '_kb', 'search');
  // the term files are made on worker threads (the parse worker's bundle), one per core (KB_INDEX_THREADS)
  const threads = Number(process.env.KB_INDEX_THREADS ?? defaultWorkerCount(report.articles));
  const exporter = worker.file && threads > 0 ? createShardExportPool(worker.file, threads) : null;
  let index: Awaited<ReturnType<SearchIndexBuilder['finish']>>;
  try {
    index = await step('search index', () => search.finish(searchDir, {
      exporter: exporter ?? undefined,
      collect: collectGarbage,
      // a term or pair file whose input did not change since the last build is not made again; the
      // worker's fingerprint covers the code that makes term files. With the build's caches in
      // KB_CACHE_DIR (the bench's cold builds start without one), the record goes there too
      reuse: {
        file: cacheFile('search-index.json'),
        key: worker.fingerprint,
      },
    }));
  } finally {
    await exporter?.close();
  }
  log(`build: search index ${index.files} files, ${(index.bytes / 1e6).toFixed(1)} MB, ${index.written} written (the others' bytes unchanged), ${index.made} term and pair files made (the others' input unchanged)`);
  if (incremental) await finishStore();

  log(`build: prepared in ${seconds(performance.now() - started)}`);
  return 0;
}

