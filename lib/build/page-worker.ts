/**
 * Page-worker entry: renders batches of site paths with the same function the route handler uses
 * (lib/render/static-pages.ts, reading the store) and writes each to `<outDir>/<path>/index.html`,
 * the file `next build` would have exported for it. A page whose inputs are those the last build drew
 * it from is not drawn (page-inputs.ts). Bundled by worker-build.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { pageFile } from './page-file';
import { listStaticPages, pageSource } from '../render/static-pages';
import { answerKey, formatPageState, groupValues, inputsHash, parsePageState, recordingGroups, replayLookups } from './page-inputs';
import { freezeStore } from './store';

export interface PageWorkerData {
  outDir: string;
  config: { basePath: string; siteUrl: string };
  /** the page worker's fingerprint (the render code): part of every page's inputs */
  fingerprint?: string;
}

/**
 * One batch for a worker: its paths, and what the last build kept of each (`previous[i]`: the state
 * line of `paths[i]` without its path, page-inputs.ts formatPageState; '' when none or when out/
 * is not known to hold what it wrote).
 */
export interface PageBatch {
  paths: string[];
  previous: string[];
}

export interface PageBatchResult {
  pages: number;
  /** pages whose bytes changed (or are new), hence written */
  written: number;
  /** the indexes in the batch of those pages */
  writtenAt: number[];
  bytes: number;
  /** the state line (formatPageState) of each path of the batch, in order; '' for a missing page */
  states: string[];
  /** pages drawn (the others were known unchanged from their inputs) */
  drawn: number;
  /** paths no renderer claimed (a bug in the list of pages) */
  missing: string[];
}

// the build wrote the store before starting this thread and does not touch it while the pages are drawn
if (parentPort) freezeStore();

/**
 * The pages the workers write: every static page, the shell pages `next build` renders too (same
 * bytes), so that a build skipping `next build` still brings them up to date.
 */
export function poolPages(): Promise<string[]> {
  return listStaticPages();
}

/** Draws (or tells unchanged) the pages of one batch into `settings.outDir`. */
export function drawBatch(batch: PageBatch, settings: PageWorkerData): PageBatchResult {
  const { outDir, config, fingerprint = '' } = settings;
  // the renderer and the settings: a page drawn by other code or settings is drawn again
  const code = `${fingerprint}\0${JSON.stringify(config)}`;
  const result: PageBatchResult = { pages: 0, written: 0, writtenAt: [], bytes: 0, states: [], drawn: 0, missing: [] };
  batch.paths.forEach((sitePath, i) => {
    const source = pageSource(sitePath, config);
    if (!source) {
      result.missing.push(sitePath);
      result.states.push('');
      return;
    }
    const pageCode = `${code}\0${groupValues(source.lookups)}`;
    const data = answerKey(source.data);
    const before = parsePageState(batch.previous[i] ?? '');
    if (before && inputsHash(pageCode, data, before.lookupsText, replayLookups(source.lookups, before.lookups)) === before.inputs) {
      // the same inputs: the page in outDir is what drawing it would give
      result.pages++;
      result.bytes += before.size;
      result.states.push(batch.previous[i] as string);
      return;
    }
    const recording = recordingGroups(source.lookups);
    const bytes = Buffer.from(source.render(recording.groups));
    const hash = createHash('sha1').update(bytes).digest('base64url');
    result.drawn++;
    result.pages++;
    result.bytes += bytes.length;
    const lookupsText = JSON.stringify(recording.lookups);
    result.states.push(formatPageState({ hash, size: bytes.length, inputs: inputsHash(pageCode, data, lookupsText, recording.answers), lookupsText }));
    if (before?.hash === hash) return;
    const file = pageFile(outDir, sitePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    result.written++;
    result.writtenAt.push(i);
  });
  return result;
}

parentPort?.on('message', async (batch: PageBatch | 'list') => {
  parentPort?.postMessage(batch === 'list' ? await poolPages() : drawBatch(batch, workerData as PageWorkerData));
});
