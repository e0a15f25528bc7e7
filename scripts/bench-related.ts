/**
 * `npm run bench:related [-- <content dir>] [--runs 3]`: what the related-articles step costs at build
 * time. Loads the articles (parse cache in .cache/records, as the build), keeps each one's similarity
 * signature, then times `computeSimilar` over all of them (median of the runs) and reports how many
 * articles got similar ones and the size of the result in site.json. `--signatures <file>` keeps the
 * signatures in a file (written on the first run, read on the next: tuning without re-loading);
 * `--site-out <file>` also builds the whole site data as the build does and times its `finish()`. Default content: KB_CONTENT_DIR,
 * else KB_CORPUS, else ../shared/corpus. Wrap whole-archive runs in `flock /tmp/kb-heavy.lock`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContent } from '../lib/build/load';
import { createSiteDataBuilder } from '../lib/build/site-data';
import { computeSimilar, similarSignature, type SimilarSignature } from '../lib/related/similar';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const dir = args.find((a, i) => !a.startsWith('--') && !['--runs', '--signatures', '--site-out', '--probe', '--max-posting'].includes(args[i - 1] ?? ''))
  ?? process.env.KB_CONTENT_DIR ?? process.env.KB_CORPUS ?? path.join(root, '..', 'shared', 'corpus');

// --signatures <file>: read the signatures from a file written by an earlier run (skips loading), or write them there
const sigAt = args.indexOf('--signatures');
const sigFile = sigAt >= 0 ? args[sigAt + 1] : undefined;
let signatures: SimilarSignature[] = [];
let signatureMs = 0;
const loadStarted = performance.now();
// --site-out <file>: also build the whole site data (as the build does, similar lists included) and write it there
const siteAt = args.indexOf('--site-out');
const siteFile = siteAt >= 0 ? args[siteAt + 1] : undefined;
let siteFinishMs: number | undefined;
if (sigFile && existsSync(sigFile) && !siteFile) {
  signatures = JSON.parse(readFileSync(sigFile, 'utf8')) as SimilarSignature[];
} else {
  const site = siteFile ? createSiteDataBuilder() : undefined;
  await loadContent({
    contentDir: path.resolve(dir),
    cacheDir: path.join(root, '.cache', 'records'),
    onRecord(record) {
      const t = performance.now();
      signatures.push(similarSignature(record));
      signatureMs += performance.now() - t;
      site?.add(record);
    },
  });
  if (sigFile) writeFileSync(sigFile, JSON.stringify(signatures));
  if (site && siteFile) {
    const t = performance.now();
    const data = site.finish();
    siteFinishMs = performance.now() - t;
    writeFileSync(siteFile, JSON.stringify(data));
  }
}
const loadMs = performance.now() - loadStarted;

// --probe N, --max-posting N: try other settings of computeSimilar
const numberOption = (name: string): number | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : undefined;
};
const options = { probeTerms: numberOption('--probe'), maxPosting: numberOption('--max-posting') };
const times: number[] = [];
const cpuTimes: number[] = [];
let similar: Record<string, string[]> = {};
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  similar = computeSimilar(signatures, options);
  times.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
}
cpuTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
const lists = Object.values(similar);
const json = JSON.stringify(similar);
const heap = process.memoryUsage();
console.log(JSON.stringify({
  articles: signatures.length,
  loadSeconds: +(loadMs / 1000).toFixed(1),
  signatureMs: Math.round(signatureMs),
  ...(siteFinishMs !== undefined ? { siteDataFinishMs: Math.round(siteFinishMs) } : {}),
  options,
  computeMs: { median: Math.round(median), runs: times.map(Math.round) },
  computeCpuMs: { median: Math.round(cpuTimes[Math.floor(cpuTimes.length / 2)] ?? 0), runs: cpuTimes.map(Math.round) },
  withSimilar: lists.length,
  averageListed: +(lists.reduce((s, l) => s + l.length, 0) / Math.max(1, lists.length)).toFixed(2),
  similarJsonBytes: json.length,
  rssMB: Math.round(heap.rss / 1e6),
}, null, 1));
const sample = signatures.slice(0, 2000).filter((s) => similar[s.id]).slice(0, 5);
for (const s of sample) console.log(`${s.id} → ${similar[s.id]!.join(' ')}`);
