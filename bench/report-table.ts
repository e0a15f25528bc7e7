/**
 * Turns bench results into the Markdown table written to bench/results/bench.md.
 */

export interface BenchRun {
  fraction: number;
  articles: number;
  files: number;
  inputMB: number;
  parse: { runs: number; medianMs: number; articlesPerSec: number; mbPerSec: number; peakMB: number | null; workers: number };
  builds: BuildRun[];
  perQuery: unknown;
  machine: Record<string, unknown>;
  date: string;
}

export interface BuildRun {
  label: string;
  exitCode: number | null;
  wallMs: number;
  peakMB: number | null;
  loadMs: number | null;
  cachedFiles: number | null;
  searchMs: number | null;
  searchFiles: number | null;
  searchMB: number | null;
  nextMs: number | null;
  /** our page pool (scripts/build.ts's `pages` step) */
  pagesMs?: number | null;
  outFiles: number;
  outMB: number;
  loadAverage: number[];
  /** files of out/ added, removed or changed since the build before (rebuilds) */
  changedFiles?: number | null;
  /** the final cold build: files differing from the last rebuild's tree (0: the rebuilds were exact) */
  diffVsRebuild?: number;
}

const s = (ms: number | null): string => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const mb = (x: number | null): string => (x === null ? '–' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} MB`);
const n = (x: number): string => x.toLocaleString('en-US');

/** One Markdown document: a parse table and a build table, one row per fraction of the corpus. */
export function benchMarkdown(runs: BenchRun[]): string {
  const sorted = [...runs].sort((a, b) => a.fraction - b.fraction);
  const machine = sorted[sorted.length - 1]?.machine ?? {};
  const lines = [
    '# Bench results', '',
    `Machine: ${String(machine.cpus)} cores (${String(machine.cpuModel)}), ${String(machine.memoryGB)} GB, Node ${String(machine.node)}.`,
    'Load average is the machine\'s at the start of each build: other work running at the same time slows every figure.', '',
    '## Parse (read + parse every file, no cache; median of the runs)', '',
    '| share | articles | input | runs | median | articles/s | MB/s | peak memory | threads |',
    '|---|---|---|---|---|---|---|---|---|',
    ...sorted.map((r) => `| ${r.fraction} | ${n(r.articles)} | ${mb(r.inputMB)} | ${r.parse.runs} | ${s(r.parse.medianMs)} | ${n(Math.round(r.parse.articlesPerSec))} | ${r.parse.mbPerSec.toFixed(1)} | ${mb(r.parse.peakMB)} | ${r.parse.workers} |`),
    '', '## Full build (`npm run build`: load, store, search index, client bundle, next build, hosting files)', '',
    '| share | build | exit | wall | peak memory (process tree) | load+parse | from cache | search index | index size | next build | pages | out files | out size | files changed | load avg |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...sorted.flatMap((r) => r.builds.map((b) => `| ${r.fraction} | ${b.label} | ${b.exitCode ?? '–'} | ${s(b.wallMs)} | ${mb(b.peakMB)} | ${s(b.loadMs)} | ${b.cachedFiles === null ? '–' : n(b.cachedFiles)} | ${s(b.searchMs)} | ${b.searchFiles === null ? '–' : `${n(b.searchFiles)} files, ${mb(b.searchMB)}`} | ${s(b.nextMs)} | ${s(b.pagesMs ?? null)} | ${n(b.outFiles)} | ${mb(b.outMB)} | ${b.diffVsRebuild !== undefined ? `${n(b.diffVsRebuild)} differ from the last rebuild` : b.changedFiles === null || b.changedFiles === undefined ? '–' : n(b.changedFiles)} | ${b.loadAverage.map((x) => x.toFixed(1)).join(' ')} |`)),
    '',
  ];
  const withQueries = sorted.filter((r) => r.perQuery !== null && r.perQuery !== undefined);
  if (withQueries.length) {
    lines.push('## Per query', '');
    for (const r of withQueries) lines.push(`share ${r.fraction}:`, '', '```json', JSON.stringify(r.perQuery, null, 1), '```', '');
  }
  return lines.join('\n');
}
