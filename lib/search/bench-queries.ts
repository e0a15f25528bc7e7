/**
 * Per-query figures on the CLI side, for the benches: for each query, the first hits, how many
 * index files and bytes (raw and gzip) it read, and the time to answer with a cold and a warm cache.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileLoader } from './load-files';
import { createSearcher } from './query';

export interface QueryFigures {
  query: string;
  first: string[];
  total: number;
  files: number;
  bytes: number;
  gzipBytes: number;
  coldMs: number;
  warmMs: number;
}

/** The queries the benches report on: IDs, error codes in several spellings, words and a sentence. */
export const BENCH_QUERIES = [
  '10038', 'WSAENOTSOCK', 'KB155738', 'stop 0xa', '0x0000000A', '0x80004005',
  'access denied', 'general protection fault', 'printer driver', 'mail merge', 'the system cannot find the file specified',
];

/**
 * Runs each query on a fresh searcher over `indexDir` as the browser does: warm() first (the files
 * the search box loads on focus), then the query (cold: its own files), then again (warm). Files and
 * bytes count everything read, the focus files included; the times count the query alone.
 */
export async function benchQueries(indexDir: string, queries: string[] = BENCH_QUERIES, limit = 10): Promise<QueryFigures[]> {
  const out: QueryFigures[] = [];
  const gzipOf = new Map<string, number>();
  for (const query of queries) {
    const loader = fileLoader(indexDir);
    const searcher = createSearcher(loader);
    await searcher.warm();
    let started = performance.now();
    const response = await searcher.search(query, { limit });
    const coldMs = performance.now() - started;
    started = performance.now();
    await searcher.search(query, { limit });
    const warmMs = performance.now() - started;
    let gzipBytes = 0;
    for (const name of loader.filesRead) {
      let size = gzipOf.get(name);
      if (size === undefined) {
        size = gzipSync(readFileSync(path.join(indexDir, name))).length;
        gzipOf.set(name, size);
      }
      gzipBytes += size;
    }
    out.push({
      query, first: response.results.slice(0, 3).map((r) => r.id), total: response.total,
      files: loader.filesRead.length, bytes: loader.bytesRead, gzipBytes, coldMs, warmMs,
    });
  }
  return out;
}

/** The figures as a Markdown table. */
export function formatQueryFigures(rows: QueryFigures[]): string {
  const lines = ['| query | first hits | total | files | KB read | KB gzip | cold ms | warm ms |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    lines.push(`| \`${r.query}\` | ${r.first.join(', ') || '—'} | ${r.total} | ${r.files} | ${(r.bytes / 1024).toFixed(0)} | ${(r.gzipBytes / 1024).toFixed(0)} | ${r.coldMs.toFixed(1)} | ${r.warmMs.toFixed(1)} |`);
  }
  return lines.join('\n');
}
