/**
 * `kb index [--out DIR]`: builds the search index for KB_CONTENT_DIR (or content/) without building
 * the site, into public/_kb/search/ (or --out). Prints files, bytes, time and peak memory.
 */
import path from 'node:path';
import { UsageError, nonEmpty, readArgs } from './args';
import { loadContent, summarizeReport } from '../../lib/build/load';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { getSiteConfig } from '../../lib/site-config';

/** Loads the records of `contentDir` and writes their search index to `outDir`. */
export async function buildSearchIndex(contentDir: string, outDir: string, progress = false) {
  const builder = createSearchIndexBuilder();
  // the index's own cost, apart from reading and parsing the articles
  let addMs = 0;
  const report = await loadContent({
    contentDir, progress,
    // terms are computed on the parse workers, as in the build
    searchTerms: true,
    onRecord: (record, terms) => {
      const t = performance.now();
      builder.add(record, terms);
      addMs += performance.now() - t;
    },
    onRejectedTerms: (terms) => builder.learn(terms),
  });
  const t = performance.now();
  const written = await builder.finish(outDir);
  return { report, ...written, addMs, finishMs: performance.now() - t };
}

/** Runs `kb index`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  let out = path.resolve('public', '_kb', 'search');
  try {
    const { values, positionals } = readArgs(args, { out: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unknown argument ${positionals[0]}`);
    const dir = nonEmpty('out', values.out);
    if (dir !== undefined) out = path.resolve(dir);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`kb index: ${error.message}\nusage: kb index [--out DIR]`);
    return 2;
  }
  const { contentDir } = getSiteConfig();
  const started = performance.now();
  const { report, files, bytes, addMs, finishMs } = await buildSearchIndex(contentDir, out, process.stderr.isTTY);
  for (const line of summarizeReport(report)) console.error(line);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(`search index: ${report.articles} articles → ${files} files, ${mb(bytes)} MB in ${path.relative(process.cwd(), out) || out} ` +
    `(${seconds} s in all, of which indexing ${((addMs + finishMs) / 1000).toFixed(1)} s: add ${(addMs / 1000).toFixed(1)} s, ` +
    `write ${(finishMs / 1000).toFixed(1)} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB)`);
  return 0;
}
