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
import {
  answerKey, changedLookups, countLines, dataKey, formatPageState, groupValues, inputsHash, lineHolds, lookupName, parseLookupsTable, parsePageState, recordingGroups, replayLookups,
  type Lookup, type LookupGroups,
} from './page-inputs';
import { readText } from './read-text';
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
  /** lookups the pages of the batch made, with their answers' keys (each once per thread): lines of the lookups table */
  lookups: string;
}

/**
 * The quick check of a rebuild, in parts (one per thread): `paths` are this part's pages, `previous[i]`
 * the last build's state line of `paths[i]` ('' when none), `tableFile` the lookups table, of which
 * this part asks the lookups partOf gives it (each thread reads the file: the parent does not).
 */
export interface PageCheck {
  check: { paths: string[]; previous: string[]; tableFile: string; part: number; parts: number };
}

export interface PageCheckResult {
  /** the indexes in `paths` of the pages without a line that holds for their data now (page-inputs.ts lineHolds) */
  suspects: number[];
  /** this part's lookups whose answers changed: name → answer now */
  changed: [name: string, answer: string][];
  /** the table's lines, and this part's lookups (a lookup has more than one line when its answer changed); size -1: not a table */
  lines: number;
  size: number;
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

/** The lookups this thread has already sent to the parent (their answers do not change while a build draws). */
const sent = new Set<string>();

function collect(result: PageBatchResult, lookups: readonly Lookup[], answers: readonly string[]): void {
  lookups.forEach(([method, arg], i) => {
    const name = lookupName(method, arg);
    if (sent.has(name)) return;
    sent.add(name);
    result.lookups += `${name}\t${answers[i] as string}\n`;
  });
}

/** The renderer and the settings: a page drawn by other code or settings is drawn again. */
const codeOf = (settings: PageWorkerData): string => `${settings.fingerprint ?? ''}\0${JSON.stringify(settings.config)}`;

/**
 * One part of the quick check: which of its pages have no line or other data (dataKey), and which of
 * its lookups give other answers now. A page neither names (namesChanged) is as its line says: its
 * data and every answer it was drawn from are the same, so drawBatch would tell it unchanged too.
 */
export function checkPages(check: PageCheck['check'], settings: PageWorkerData): PageCheckResult {
  let text = '';
  try { text = readText(check.tableFile); } catch { /* gone: not a table */ }
  const table = text ? parseLookupsTable(text, check.part, check.parts) : null;
  const result: PageCheckResult = { suspects: [], changed: [], lines: countLines(text), size: table?.size ?? -1 };
  const code = codeOf(settings);
  let groups: LookupGroups | null = null;
  check.paths.forEach((sitePath, i) => {
    const source = pageSource(sitePath, settings.config);
    if (!source) {
      result.suspects.push(i);
      return;
    }
    groups ??= source.lookups;
    if (!lineHolds(check.previous[i] ?? '', dataKey(`${code}\0${groupValues(source.lookups)}`, answerKey(source.data)))) result.suspects.push(i);
  });
  // the lookup groups are the site's, whatever the page: made by any page source (the home page's when this part has none)
  groups ??= pageSource('/', settings.config)?.lookups ?? null;
  if (table && groups) result.changed = [...changedLookups(groups, table)];
  return result;
}

/** Draws (or tells unchanged) the pages of one batch into `settings.outDir`. */
export function drawBatch(batch: PageBatch, settings: PageWorkerData): PageBatchResult {
  const { outDir, config } = settings;
  const code = codeOf(settings);
  const result: PageBatchResult = { pages: 0, written: 0, writtenAt: [], bytes: 0, states: [], drawn: 0, missing: [], lookups: '' };
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
    const replayed = before ? replayLookups(source.lookups, before.lookups) : [];
    if (before && before.data === dataKey(pageCode, data) && inputsHash(pageCode, data, before.lookupsText, replayed) === before.inputs) {
      // the same inputs: the page in outDir is what drawing it would give
      result.pages++;
      result.bytes += before.size;
      result.states.push(batch.previous[i] as string);
      collect(result, before.lookups, replayed);
      return;
    }
    const recording = recordingGroups(source.lookups);
    const bytes = Buffer.from(source.render(recording.groups));
    const hash = createHash('sha1').update(bytes).digest('base64url');
    result.drawn++;
    result.pages++;
    result.bytes += bytes.length;
    const lookupsText = JSON.stringify(recording.lookups);
    result.states.push(formatPageState({ hash, size: bytes.length, inputs: inputsHash(pageCode, data, lookupsText, recording.answers), data: dataKey(pageCode, data), lookupsText }));
    collect(result, recording.lookups, recording.answers);
    if (before?.hash === hash) return;
    const file = pageFile(outDir, sitePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    result.written++;
    result.writtenAt.push(i);
  });
  return result;
}

parentPort?.on('message', async (message: PageBatch | PageCheck | 'list' | 'load') => {
  const settings = workerData as PageWorkerData;
  if (message === 'list') parentPort?.postMessage(await poolPages());
  // the site data and the render context, made while the first thread lists the pages
  else if (message === 'load') parentPort?.postMessage(pageSource('/', settings.config) !== null);
  else if ('check' in message) parentPort?.postMessage(checkPages(message.check, settings));
  else parentPort?.postMessage(drawBatch(message, settings));
});
