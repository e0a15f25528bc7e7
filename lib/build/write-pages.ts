/**
 * Writes the static HTML pages (articles, product lists, error codes) on worker threads, one per
 * core, straight from the store: the route handler's renderer without Next's per-page machinery
 * (which rendered each page into .next/ and copied it to out/, 129 of 185 s at 60k articles).
 * `next build` keeps the app shell (and the dev 404); `next dev` still serves every page through
 * the route handler.
 */
import { rmdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pageFile } from './page-file';
import type { PageInputs } from './page-inputs';
import type { PageBatch, PageBatchResult, PageWorkerData } from './page-worker';
import { PAGE_WORKER, worker } from './worker-build';
import { youngGeneration } from './load-parse-pool';

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
  /** site path → what each article page was drawn from: the next build's `previousInputs` */
  inputs: Record<string, PageInputs>;
  /** pages drawn; the rest were known unchanged from their inputs */
  drawn: number;
  bytes: number;
  workers: number;
  /** the page worker's fingerprint: the render code it ran */
  fingerprint: string;
}

/**
 * Renders the pages into `outDir` on `workers` threads (default: one per core): every static page
 * (`paths`, when given, limits it to those).
 */
export async function writePages(
  root: string, data: PageWorkerData, options: { workers?: number; paths?: readonly string[] } = {},
): Promise<WritePagesResult> {
  const bundle = await worker(root, PAGE_WORKER);
  if (!bundle.file) throw new Error('the page worker cannot be bundled (esbuild missing?)');
  const entry = bundle.file;
  const total: WritePagesResult = { pages: 0, written: 0, removed: 0, hashes: {}, inputs: {}, drawn: 0, bytes: 0, workers: 0, fingerprint: bundle.fingerprint };
  // what the last build knew goes out with each batch, for its paths only
  const { previous = {}, previousInputs = {} } = data;
  const workerData: PageWorkerData = { outDir: data.outDir, config: data.config, fingerprint: bundle.fingerprint };
  const missing: string[] = [];
  const threads: Worker[] = [];
  const spawn = (): Worker => {
    const thread = new Worker(entry, { workerData, resourceLimits: youngGeneration() });
    threads.push(thread);
    total.workers++;
    return thread;
  };
  try {
    // the first thread lists the pages (the list lives with the renderers), then renders with the rest
    const first = spawn();
    const paths = options.paths ?? (await ask<string[]>(first, 'list'));
    const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.ceil(paths.length / BATCH)));
    let cursor = 0;
    await Promise.all(Array.from({ length: paths.length ? count : 0 }, async (_, i) => {
      const thread = i === 0 ? first : spawn();
      while (cursor < paths.length) {
        const batch: PageBatch = { paths: paths.slice(cursor, cursor + BATCH), previous: {}, previousInputs: {} };
        cursor += BATCH;
        for (const sitePath of batch.paths) {
          if (Object.hasOwn(previous, sitePath)) batch.previous[sitePath] = previous[sitePath]!;
          if (Object.hasOwn(previousInputs, sitePath)) batch.previousInputs[sitePath] = previousInputs[sitePath]!;
        }
        const result = await ask<PageBatchResult>(thread, batch);
        total.pages += result.pages;
        total.written += result.written;
        total.drawn += result.drawn;
        for (const [sitePath, inputs] of result.inputs) total.inputs[sitePath] = inputs;
        total.bytes += result.bytes;
        for (const [sitePath, hash] of result.hashes) total.hashes[sitePath] = hash;
        missing.push(...result.missing);
      }
    }));
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  if (missing.length) throw new Error(`no renderer for ${missing.length} listed pages, e.g. ${missing.slice(0, 3).join(', ')}`);
  if (!options.paths) {
    for (const sitePath of Object.keys(previous)) {
      if (Object.hasOwn(total.hashes, sitePath)) continue;
      removePage(data.outDir, sitePath);
      total.removed++;
    }
  }
  return total;
}

/** Posts a message to a worker and waits for its one answer (or its failure). */
function ask<T>(thread: Worker, message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (): void => { thread.off('message', onMessage); thread.off('error', onError); thread.off('exit', onExit); };
    const onMessage = (value: T): void => { done(); resolve(value); };
    const onError = (error: Error): void => { done(); reject(error); };
    const onExit = (code: number): void => { done(); reject(new Error(`page worker exited with code ${code}`)); };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
    thread.postMessage(message);
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
