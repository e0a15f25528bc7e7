/**
 * Page-worker entry: renders batches of site paths with the same function the route handler uses
 * (lib/render/static-pages.ts, reading the store) and writes each to `<outDir>/<path>/index.html`,
 * the file `next build` would have exported for it. Bundled by worker-build.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { pageFile } from './page-file';
import { articlePageSource, listStaticPages, renderStaticPage } from '../render/static-pages';
import { inputsHash, recordingContext, replayLookups, type PageInputs } from './page-inputs';
import { freezeStore } from './store';

export interface PageWorkerData {
  outDir: string;
  config: { basePath: string; siteUrl: string };
  /** each page's hash as the last build wrote it into outDir: an equal page is not written again */
  previous?: Record<string, string>;
  /** what the last build drew each article page from (page-inputs.ts): unchanged, the page is not drawn again */
  previousInputs?: Record<string, PageInputs>;
  /** the page worker's fingerprint (the render code): part of every page's inputs */
  fingerprint?: string;
}

/**
 * One batch for a worker: its paths, with what the last build knew of each (`previous`,
 * `previousInputs` of PageWorkerData, for these paths only: the whole maps, tens of MB at 60k
 * articles, are not copied into every worker).
 */
export interface PageBatch {
  paths: string[];
  previous: Record<string, string>;
  previousInputs: Record<string, PageInputs>;
}

export interface PageBatchResult {
  pages: number;
  /** pages whose bytes changed (or are new), hence written */
  written: number;
  bytes: number;
  /** [site path, hash of the HTML] of every page of the batch */
  hashes: [string, string][];
  /** [site path, its inputs] of every article page of the batch */
  inputs: [string, PageInputs][];
  /** pages drawn (the others were known unchanged from their inputs) */
  drawn: number;
  /** paths no renderer claimed (a bug in the list of pages) */
  missing: string[];
}

const { outDir, config, fingerprint = '' } = (workerData ?? {}) as PageWorkerData;
// the build wrote the store before starting this thread and does not touch it while the pages are drawn
if (parentPort) freezeStore();
/** the renderer and the settings: a page drawn by other code or settings is drawn again */
const code = `${fingerprint}\0${JSON.stringify(config)}`;

/**
 * The pages the workers write: every static page, the shell pages `next build` renders too (same
 * bytes), so that a build skipping `next build` still brings them up to date.
 */
export function poolPages(): Promise<string[]> {
  return listStaticPages();
}

parentPort?.on('message', async (batch: PageBatch | 'list') => {
  if (batch === 'list') {
    parentPort?.postMessage(await poolPages());
    return;
  }
  const { previous, previousInputs } = batch;
  const result: PageBatchResult = { pages: 0, written: 0, bytes: 0, hashes: [], inputs: [], drawn: 0, missing: [] };
  for (const sitePath of batch.paths) {
    const article = articlePageSource(sitePath, config);
    let html: string | null;
    let inputs: PageInputs | undefined;
    if (article) {
      const before = Object.hasOwn(previousInputs, sitePath) ? previousInputs[sitePath] : undefined;
      const hash = Object.hasOwn(previous, sitePath) ? previous[sitePath] : undefined;
      if (before && hash && inputsHash(code, article.data, article.ctx, before.lookups, replayLookups(article.ctx, before.lookups)) === before.hash) {
        // the same inputs: the page in outDir is what drawing it would give
        result.pages++;
        result.bytes += before.size;
        result.hashes.push([sitePath, hash]);
        result.inputs.push([sitePath, before]);
        continue;
      }
      const recording = recordingContext(article.ctx);
      html = article.render(recording.ctx);
      inputs = { hash: inputsHash(code, article.data, article.ctx, recording.lookups, recording.answers), lookups: recording.lookups, size: 0 };
    } else {
      html = await renderStaticPage(sitePath, config);
    }
    result.drawn++;
    if (html === null) {
      result.missing.push(sitePath);
      continue;
    }
    const bytes = Buffer.from(html);
    const hash = createHash('sha1').update(bytes).digest('base64url');
    result.pages++;
    result.bytes += bytes.length;
    result.hashes.push([sitePath, hash]);
    if (inputs) result.inputs.push([sitePath, { ...inputs, size: bytes.length }]);
    if (Object.hasOwn(previous, sitePath) && previous[sitePath] === hash) continue;
    const file = pageFile(outDir, sitePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    result.written++;
  }
  parentPort?.postMessage(result);
});
