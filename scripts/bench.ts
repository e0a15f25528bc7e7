/**
 * `npm run bench [-- --fraction 0.25|0.5|1] [--runs 3] [--prepare-only] [--no-build]`: measures the
 * pipeline on the real corpus (KB_CORPUS, else ../shared/corpus) and writes bench/results/bench.json
 * and bench.md (results of each fraction are kept, so running 0.25, 0.5 and 1 gives the growth curve).
 * Parse: read + parse every file on the worker threads, no cache, median of the runs. Build: the real
 * `scripts/build.ts` as a child process on a folder of links to the articles, peak RSS of its process
 * tree: cold (no cache, no .next, no out/), then after no change, after editing one article, adding
 * one, deleting one, and finally cold again; each build's tree of out/ is compared with the one before
 * (files written or removed) and the last rebuild's with the final cold build's (must be equal).
 * Asserts nothing. Full build logs go to .cache/bench/. Note: the builds write the repo's .kb/, .next/, public/_kb/ and out/, as `npm run build` does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, createWriteStream, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseArticles, median, option, saveResults, subsetFolder, validFraction } from '../bench/content-sample';
import { sampleTreeMemory } from '../bench/memory-sampler';
import { benchMarkdown, type BenchRun, type BuildRun } from '../bench/report-table';
import { loadContent } from '../lib/build/load';
import { benchQueries } from '../lib/search/bench-queries';
import type { ContentFile } from '../lib/build/walk';
import { CORPUS_SKIP, corpusDir } from '../tests/corpus/corpus-path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
const MB = 1024 * 1024;

/** Files and bytes below a folder. */
function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!existsSync(dir)) return { files, bytes };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/** sha1 of every file below a folder, by relative path. */
function treeManifest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), createHash('sha1').update(readFileSync(file)).digest('hex'));
  }
  return out;
}

/** Paths added, removed or changed between two trees. */
function treeDiff(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, hash] of after) if (before.get(file) !== hash) changed.push(file);
  for (const file of before.keys()) if (!after.has(file)) changed.push(file);
  return changed.sort();
}

/** Runs scripts/build.ts as a child; measures wall time and the tree's peak memory; keeps the log. */
function runBuild(label: string, env: Record<string, string>, extra: string[], logFile: string): Promise<BuildRun> {
  return new Promise((resolve, reject) => {
    const loadAverage = os.loadavg();
    const started = performance.now();
    // as `npm run build` runs it (the build's esbuild bundle, scripts/run-bundled.mjs)
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'run-bundled.mjs'), 'scripts/build.ts', ...extra], {
      cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sampler = sampleTreeMemory(child.pid as number);
    const log = createWriteStream(logFile);
    let text = '';
    const collect = (chunk: Buffer): void => {
      log.write(chunk);
      const part = chunk.toString();
      text += part;
      for (const line of part.split('\n')) if (line.startsWith('build: ')) process.stderr.write(`  [${label}] ${line.slice(7)}\n`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const peak = sampler.stop();
      log.end();
      const num = (re: RegExp, scale = 1): number | null => {
        const m = re.exec(text);
        return m?.[1] ? Number(m[1].replace(/,/g, '')) * scale : null;
      };
      const out = folderSize(path.join(root, 'out'));
      resolve({
        label, exitCode: code, wallMs: Math.round(wallMs), peakMB: peak === null ? null : Math.round(peak / MB),
        loadMs: num(/pages out, .*?\(([\d.]+) s, [\d,]+ from cache/, 1000),
        cachedFiles: num(/pages out, .*?\([\d.]+ s, ([\d,]+) from cache/),
        searchMs: num(/build: search index done in ([\d.]+) s/, 1000),
        searchFiles: num(/build: search index ([\d,]+) files/),
        searchMB: num(/build: search index [\d,]+ files, ([\d.]+) MB/),
        nextMs: num(/build: next build done in ([\d.]+) s/, 1000),
        pagesMs: num(/build: pages done in ([\d.]+) s/, 1000),
        outFiles: out.files, outMB: Math.round((out.bytes / MB) * 10) / 10, loadAverage,
      });
    });
  });
}

async function main(args: string[]): Promise<number> {
  const fraction = Number(option(args, '--fraction', '1'));
  const runs = Math.max(1, Number(option(args, '--runs', '3')));
  if (!validFraction(fraction)) {
    console.error('bench: --fraction must be in (0, 1], e.g. 0.25, 0.5 or 1');
    return 2;
  }
  const corpus = corpusDir();
  if (!corpus) {
    console.error(`bench: ${CORPUS_SKIP}`);
    return 1;
  }
  const chosen = chooseArticles(corpus, fraction);
  const contentDir = fraction >= 1 ? corpus : subsetFolder(chosen);
  const machine = {
    cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.release()}`,
  };
  console.error(`bench: ${chosen.length.toLocaleString('en-US')} articles (fraction ${fraction}) from ${corpus}; ${machine.cpus} cores, ${machine.memoryGB} GB; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

  const parseTimes: number[] = [];
  let bytes = 0;
  let articles = 0;
  let workers = 0;
  let parsePeak: number | null = 0;
  for (let i = 0; i < runs; i++) {
    const sampler = sampleTreeMemory(process.pid);
    const started = performance.now();
    const report = await loadContent({ contentDir, cacheDir: null });
    parseTimes.push(performance.now() - started);
    const peak = sampler.stop();
    parsePeak = peak === null || parsePeak === null ? null : Math.max(parsePeak, peak);
    ({ bytes, articles, workers } = report);
    console.error(`  parse run ${i + 1}/${runs}: ${(parseTimes[i] as number / 1000).toFixed(1)} s, ${report.articles} articles, ${report.errors.length} errors`);
  }
  const medianMs = median(parseTimes);

  const builds: BuildRun[] = [];
  if (!args.includes('--no-build')) {
    const logDir = path.join(root, '.cache', 'bench'); // full build logs: kept out of the committed results
    mkdirSync(logDir, { recursive: true });
    let cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-cache-'));
    const extra = args.includes('--prepare-only') ? ['--prepare-only'] : [];
    const outDir = path.join(root, 'out');
    // A cold build's outputs and caches of the build before are moved into the trash, and the trash is
    // deleted when the bench is done (a trash left by an interrupted bench: at its start, then `sync`
    // and a pause). On this machine's disk (ext4 mounted with online discard) deleting out/'s 130,000
    // entries makes the file writes of the next minute cost up to twice the kernel time (whole
    // archive, one sitting: a cold build after a rename 53.9 s, with 21.9 s of system CPU; right after
    // `rm -rf`, 64.5-80.9 s, with 25.7-64.9 s; deleted after the cold build instead, the rebuilds after
    // it slowed: an edit 10.7 s against 7.7 s). A cold build on a fresh clone deletes nothing first.
    const trash = path.join(root, '.cache', 'bench-trash');
    const emptyTrash = (): void => {
      rmSync(trash, { recursive: true, force: true });
      spawnSync('sync');
    };
    const toTrash = (from: string): void => {
      mkdirSync(trash, { recursive: true });
      try {
        renameSync(from, path.join(trash, `${readdirSync(trash).length}`));
      } catch {
        rmSync(from, { recursive: true, force: true }); // absent, or on another file system
      }
    };
    if (existsSync(trash)) {
      emptyTrash();
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
    const coldStart = (): void => {
      // no cache of any kind: records, worker bundles, Next's compiler cache, the last build's outputs
      toTrash(cacheDir);
      cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-cache-'));
      for (const dir of ['.next', 'out', '.kb', path.join('public', '_kb'), path.join('.cache', 'worker'), path.join('.cache', 'bundle')]) toTrash(path.join(root, dir));
    };
    const work = fraction >= 1 ? subsetFolder(chosen) : contentDir; // links: the bench edits, adds and deletes
    const middle = chosen[Math.floor(chosen.length / 2)] as ContentFile;
    const third = chosen[Math.floor(chosen.length / 3)] as ContentFile;
    const scenarios: { label: string; change: () => void }[] = [
      { label: 'cold', change: coldStart },
      { label: 'no change', change: () => {} },
      { label: 'edit one', change: () => {
        const target = path.join(work, middle.source);
        const text = readFileSync(target, 'utf8');
        unlinkSync(target);
        writeFileSync(target, `${text.trimEnd()}\n\nEdited by the bench.\n`);
      } },
      { label: 'add one', change: () => {
        const dir = path.join(work, 'zz-bench-added');
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'README.md'), '---\nid: KB9900001\ntitle: "Bench article"\nproducts:\n  - Bench Product\nlastModified: 2020-01-01\n---\n\n## Symptoms\n\nAdded by the bench. See Q' + String(third.source.match(/Q(\d+)/)?.[1] ?? '1') + '.\n');
      } },
      { label: 'delete one', change: () => { unlinkSync(path.join(work, third.source)); } },
      { label: 'cold (final)', change: coldStart },
    ];
    let previous = new Map<string, string>();
    let lastRebuild = new Map<string, string>();
    for (const { label, change } of scenarios) {
      change();
      const env = { KB_CONTENT_DIR: work, KB_CACHE_DIR: cacheDir };
      const run = await runBuild(label, env, extra, path.join(logDir, `build-${fraction}-${label.replace(/\W+/g, '-')}.log`));
      const tree = treeManifest(outDir);
      run.changedFiles = label.startsWith('cold') ? null : treeDiff(previous, tree).length;
      if (label === 'cold (final)') {
        const diff = treeDiff(lastRebuild, tree);
        run.diffVsRebuild = diff.length;
        if (diff.length) console.error(`bench: the last rebuild differs from a cold build in ${diff.length} files, e.g. ${diff.slice(0, 5).join(', ')}`);
      }
      console.error(`  ${label}: ${(run.wallMs / 1000).toFixed(1)} s, peak ${run.peakMB} MB, ${run.changedFiles ?? '–'} files changed`);
      builds.push(run);
      lastRebuild = previous = tree;
    }
    rmSync(cacheDir, { recursive: true, force: true });
    emptyTrash();
    if (work !== contentDir) rmSync(work, { recursive: true, force: true });
  }

  let perQuery: unknown = null;
  if (builds.length) perQuery = await benchQueries(path.join(root, 'out', '_kb', 'search'));

  const run: BenchRun = {
    fraction, articles, files: chosen.length, inputMB: Math.round((bytes / MB) * 10) / 10,
    parse: {
      runs, medianMs: Math.round(medianMs), articlesPerSec: articles / (medianMs / 1000), mbPerSec: bytes / MB / (medianMs / 1000),
      peakMB: parsePeak === null ? null : Math.round(parsePeak / MB), workers,
    },
    builds, perQuery, machine, date: new Date().toISOString(),
  };
  console.log(saveResults(resultsDir, 'bench', fraction, run, benchMarkdown));
  if (fraction < 1) rmSync(contentDir, { recursive: true, force: true });
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
