/**
 * Writes the static HTML pages (articles, product lists, error codes) on worker threads, one per
 * core, straight from the store: the route handler's renderer without Next's per-page machinery
 * (which rendered each page into .next/ and copied it to out/, 129 of 185 s at 60k articles).
 * `next build` keeps the React pages and the app shell; `next dev` still serves every page through
 * the route handler.
 */
import { rmdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pageFile } from './page-file';
import type { PageBatchResult, PageWorkerData } from './page-worker';
import { PAGE_WORKER, worker } from './worker-build';

/** Paths per message. */
const BATCH = 64;

export interface WritePagesResult {
  pages: number;
  /** pages written (new or changed since `data.previous`) */
  written: number;
  /** pages of `data.previous` that no longer exist, removed */
  removed: number;
  /** site path → hash of every page: the next build's `previous` */
  hashes: Record<string, string>;
  bytes: number;
  workers: number;
  /** the page worker's fingerprint: the render code it ran */
  fingerprint: string;
}

/**
 * Renders the pages into `outDir` on `workers` threads (default: one per core): every static page
 * but the shell pages (`paths`, when given, limits it to those).
 */
export async function writePages(
  root: string, data: PageWorkerData, options: { workers?: number; paths?: readonly string[] } = {},
): Promise<WritePagesResult> {
  const workers = options.workers ?? availableParallelism();
  const bundle = await worker(root, PAGE_WORKER);
  if (!bundle.file) throw new Error('the page worker cannot be bundled (esbuild missing?)');
  const entry = bundle.file;
  const paths = options.paths ?? (await listPages(entry, data));
  const total: WritePagesResult = { pages: 0, written: 0, removed: 0, hashes: {}, bytes: 0, workers: 0, fingerprint: bundle.fingerprint };
  const missing: string[] = [];
  let cursor = 0;
  const count = Math.max(1, Math.min(workers, Math.ceil(paths.length / BATCH)));
  const threads: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: paths.length ? count : 0 }, () => new Promise<void>((resolve, reject) => {
      const thread = new Worker(entry, { workerData: data });
      threads.push(thread);
      total.workers++;
      const next = (): void => {
        if (cursor >= paths.length) { resolve(); return; }
        thread.postMessage(paths.slice(cursor, cursor + BATCH));
        cursor += BATCH;
      };
      thread.on('message', (result: PageBatchResult) => {
        total.pages += result.pages;
        total.written += result.written;
        total.bytes += result.bytes;
        for (const [sitePath, hash] of result.hashes) total.hashes[sitePath] = hash;
        missing.push(...result.missing);
        next();
      });
      thread.on('error', reject);
      thread.on('exit', (code) => { if (cursor < paths.length || code !== 0) reject(new Error(`page worker exited with code ${code}`)); });
      next();
    })));
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  if (missing.length) throw new Error(`no renderer for ${missing.length} listed pages, e.g. ${missing.slice(0, 3).join(', ')}`);
  if (!options.paths) {
    for (const sitePath of Object.keys(data.previous ?? {})) {
      if (Object.hasOwn(total.hashes, sitePath)) continue;
      removePage(data.outDir, sitePath);
      total.removed++;
    }
  }
  return total;
}

/** The pool's pages, listed by a worker (the list lives with the renderers, server-only code). */
function listPages(entry: string, data: PageWorkerData): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(entry, { workerData: data });
    thread.once('message', (paths: string[]) => { resolve(paths); void thread.terminate(); });
    thread.once('error', reject);
    thread.postMessage('list');
  });
}

/** Removes a page's file and the folders it leaves empty (up to outDir). */
function removePage(outDir: string, sitePath: string): void {
  const file = pageFile(outDir, sitePath);
  rmSync(file, { force: true });
  for (let dir = path.dirname(file); dir.startsWith(outDir + path.sep); dir = path.dirname(dir)) {
    try { rmdirSync(dir); } catch { break; } // not empty (or gone): stop
  }
}
