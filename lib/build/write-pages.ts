/**
 * Writes the static HTML pages (articles, product lists, error codes) on worker threads, one per
 * core, straight from the store: the route handler's renderer without Next's per-page machinery
 * (which rendered each page into .next/ and copied it to out/, 129 of 185 s at 60k articles).
 * `next build` keeps the app shell (and the dev 404); `next dev` still serves every page through
 * the route handler.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pageFile } from './page-file';
import {
  appendable, countLines, formatLookupsTable, keptFiles, namesChanged, parseLookupsTable, parseSnapshot, parseStateFile, snapshotFiles, stateFileLine, type KeptFiles, type SiteSnapshot, type SnapshotFiles,
} from './page-inputs';
import { readText } from './read-text';
import type { PageBatch, PageBatchResult, PageCheck, PageCheckResult, PageWorkerData, QuickCheck, QuickCheckResult, SelectCheck, SelectResult } from './page-worker';
import type { SiteLayout } from './site-snapshot';
import { PAGE_WORKER, worker } from './worker-build';
import { youngGeneration } from './load-parse-pool';

/** Paths per message. */
const BATCH = 64;

/** Pages left to check in full from which a quick rebuild starts its other threads (each loads the site data first: ~2 s). */
const SPREAD = 2_000;
/**
 * The same for a selective check, which checks every list page (2,450 of the whole archive's pages:
 * most unchanged, told so without drawing): another thread would load the site data for little.
 */
const SELECTED_SPREAD = 10_000;

export interface WritePagesOptions {
  /** worker threads (default: one per core; one for a site of fewer than 200 `articles`) */
  workers?: number;
  /** the site's article count, when known: a small site is drawn on one thread */
  articles?: number;
  /** threads that share a rebuild's quick check (default 1; the others start when many pages are left to check in full) */
  checkThreads?: number;
  /**
   * What the pages were drawn from (`.kb/pages.tsv`, page-inputs.ts): read when `usePrevious`,
   * brought up to date after the pages (the lines of the pages whose state changed appended)
   */
  stateFile: string;
  /** outDir holds what the last build wrote (as `stateFile` says): unchanged pages are neither drawn nor written */
  usePrevious: boolean;
  /** the lookups table (page-inputs.ts parseLookupsTable; default: `<stateFile>.lookups`), read and brought up to date with the state */
  lookupsFile?: string;
  /** outDir may be written once this settles (the pages are checked before: reading the store only) */
  ready?: Promise<unknown>;
  /**
   * the site data's layout for the snapshot (site-snapshot.ts writeSiteLayout), when the caller takes
   * it while the pages are checked (after calling writePages, which sets the last snapshot's files
   * aside at once, and before `decided`, which this step sets when it needs it);
   * none then (or null: it failed), the first thread takes it after the pages
   */
  layout?: TakenLayout;
}

/** The site data's layout as the caller of writePages took it (WritePagesOptions.layout). */
export interface TakenLayout {
  layout?: SiteLayout | null;
  decided?: boolean;
}

export interface WritePagesResult {
  pages: number;
  /** pages written (new or changed since the last build) */
  written: number;
  /** pages of the last build that no longer exist, removed */
  removed: number;
  /** the site paths of the pages written, and of the ones removed */
  writtenPaths: string[];
  removedPaths: string[];
  /** site path → sha1 (base64url) of every page's HTML (after a quick check: of the pages it checked, the written ones among them) */
  hashes: Map<string, string>;
  /** why the quick check (site-snapshot.ts) did not take this rebuild; '' when it did, or when it was not tried */
  quickMissed: string;
  /** the rebuild was checked quickly: the site data changed in its similar articles only */
  quick: boolean;
  /** the rebuild was checked selectively: the articles drawn from what changed in the site data, and the list pages */
  selected: boolean;
  /** with `selected`: the lookups whose answers may have changed */
  selectedLookups: number;
  /** the site data but its similar articles (digests of site.json before and after them), when known: what the hosting files are made from */
  siteKey: string | null;
  /** pages drawn; the rest were known unchanged from their inputs */
  drawn: number;
  /** pages whose inputs were checked in full (the others were told unchanged by the lookups table) */
  checked: number;
  bytes: number;
  workers: number;
  /** the page worker's fingerprint: the render code it ran */
  fingerprint: string;
}

/**
 * Renders every static page into `outDir` on worker threads and writes the state file the next
 * build tells unchanged pages by. The parent holds the state as one line of text per page: the
 * workers parse the lines of their own batches only. A rebuild appends to the state file and the
 * lookups table what changed (a later line wins) and writes either anew only when stale lines
 * outnumber the live ones.
 */
export async function writePages(root: string, data: Omit<PageWorkerData, 'fingerprint'>, options: WritePagesOptions): Promise<WritePagesResult> {
  // the snapshot's files the checks read are set aside first, before this function's first wait: the
  // caller may write the next ones (options.layout) once it has called it
  const files = snapshotFiles(options.stateFile);
  const kept = keptFiles(files);
  for (const name of KEPT) {
    rmSync(kept[name], { force: true });
    if (options.usePrevious) try { renameSync(files[name], kept[name]); } catch { /* none: the checks reading it do not apply */ }
  }
  const bundle = await worker(root, PAGE_WORKER);
  if (!bundle.file) throw new Error('the page worker cannot be bundled (esbuild missing?)');
  const entry = bundle.file;
  const total: WritePagesResult = {
    pages: 0, written: 0, removed: 0, writtenPaths: [], removedPaths: [], hashes: new Map(), drawn: 0, bytes: 0, workers: 0, checked: 0, fingerprint: bundle.fingerprint, quickMissed: '', quick: false, selected: false, selectedLookups: 0, siteKey: null,
  };
  let snapshot: SiteSnapshot | null = null;
  let taken = null as Omit<SiteSnapshot, 'stateLines' | 'stateSize' | 'pages' | 'bytes'> | null;
  const lookupsFile = options.lookupsFile ?? `${options.stateFile}.lookups`;
  // while this build works, the state and the table are set aside (until it is done, the old state
  // does not describe out/): a build that fails leaves neither, and the next checks every page in full
  const stateAside = `${options.stateFile}.open`;
  const tableAside = `${lookupsFile}.open`;
  const workerData: PageWorkerData = { outDir: data.outDir, config: data.config, fingerprint: bundle.fingerprint };
  const count = Math.max(1, options.workers ?? (options.articles !== undefined && options.articles < 200 ? 1 : availableParallelism()));
  const missing: string[] = [];
  const threads: Worker[] = [];
  const start = (): Worker => {
    const thread = new Worker(entry, { workerData, resourceLimits: youngGeneration() });
    threads.push(thread);
    return thread;
  };
  let paths: string[] = [];
  const states: string[] = [];
  let previous = new Map<string, string>();
  // the last state file's lines, and whether this build's lines may be appended to it
  let stateLines = 0;
  let stateAppendable = false;
  // the lookups every page made, with their answers' keys (page-inputs.ts parseLookupsTable): the last
  // build's table (set aside, read by the threads), to which this build appends lines for the answers
  // that changed and the lookups pages made (a later line wins); or, when `tableWhole` is not null,
  // written anew as that text and the lines
  let tableWhole: string | null = '';
  const tableLines: string[] = [];
  let quick = false;
  // the snapshot, when the quick check could not take this rebuild but the selective check may
  let selectable: SiteSnapshot | null = null;
  try {
    for (const file of [stateAside, tableAside]) rmSync(file, { force: true });
    let stateKept = false;
    let tableBytes = 0;
    if (options.usePrevious) {
      try { snapshot = parseSnapshot(readFileSync(files.snapshot, 'utf8')); } catch { /* none: no quick check */ }
      try { renameSync(options.stateFile, stateAside); stateKept = true; } catch { /* none: draw every page */ }
      try { renameSync(lookupsFile, tableAside); tableBytes = statSync(tableAside).size; } catch { /* none: check every page in full */ }
    }
    // the snapshot describes the state file as the last build left it: gone until this one is done
    for (const file of [options.stateFile, lookupsFile, files.snapshot]) rmSync(file, { force: true });

    // a rebuild whose site data changed in its similar articles only needs neither the site data nor
    // the lookups table (page-worker.ts quickCheck): one thread, a few entries of site.json
    if (snapshot && stateKept && tableBytes > 0 && statSync(stateAside).size === snapshot.stateSize) {
      const checked = await ask<QuickCheckResult>(start(), { quick: { stateFile: stateAside, files, snapshot } } satisfies QuickCheck);
      if (checked.applies) {
        await options.ready;
        const drawn = await ask<PageBatchResult & { paths: string[]; previous: string[] }>(threads[0] as Worker, 'quick-draw');
        await Promise.all(threads.map((t) => t.terminate()));
        putBack(files, kept);
        return finishQuick(total, drawn, snapshot, { stateFile: options.stateFile, stateAside, lookupsFile, tableAside, files });
      }
      total.quickMissed = checked.why;
      selectable = snapshot;
    }
    // the first thread lists the pages (the list lives with the renderers) and is asked before the
    // parent reads the last state, so both go on at once. Every thread loads the whole site data: a
    // rebuild with the last state and lookups table does the quick check (checkPages) on
    // `checkThreads` threads and starts the others only when many pages are left to check in full
    // (drawBatch). Whole archive, 2 cores, an edit: one thread checked in 4.2 s and 5.3 s of CPU,
    // two in 4.9 s and 8.8 s (medians of 3, writePages alone).
    const listing = ask<string[]>(threads[0] ?? start(), 'list');
    // (a thread answers one message at a time: each is asked again only once it answered)
    const loads: Promise<boolean>[] = [];
    const startThreads = (upTo: number): void => { while (threads.length < Math.min(upTo, count)) loads.push(ask<boolean>(start(), 'load')); };
    const checkThreads = Math.max(1, options.checkThreads ?? 1);
    startThreads(stateKept && tableBytes > 0 ? checkThreads : count);
    if (stateKept) {
      try {
        const text = readText(stateAside);
        previous = parseStateFile(text);
        stateLines = countLines(text);
        stateAppendable = text.endsWith('\n');
      } catch { /* unreadable: draw every page */ }
    }
    quick = tableBytes > 0 && previous.size > 0;
    if (!quick) startThreads(count);
    paths = await listing;
    await Promise.all(loads);
    let todo: number[] = paths.map((_, i) => i);
    // a rebuild whose site data changed outside its similar articles too: the articles drawn from what
    // changed and the list pages are checked in full, the other articles kept (page-worker.ts selectPages)
    const selected = quick && selectable ? await ask<SelectResult>(threads[0] as Worker, { select: { paths, stateFile: stateAside, tableFile: tableAside, files, snapshot: selectable } } satisfies SelectCheck) : null;
    if (selected && !selected.applies) total.quickMissed += `; no selective check: ${selected.why}`;
    // the pages `mustCheck` names are checked in full (the others are as their state lines say), on
    // more threads when at least `spread` of them are left
    const keepOthers = async (mustCheck: (i: number, line: string) => boolean, spread: number): Promise<void> => {
      todo = [];
      paths.forEach((sitePath, i) => {
        const line = previous.get(sitePath) ?? '';
        if (!line || mustCheck(i, line)) {
          todo.push(i);
          return;
        }
        states[i] = line;
        total.pages++;
        total.bytes += Number(line.split('\t', 2)[1]);
      });
      total.checked = todo.length;
      if (todo.length >= spread) {
        startThreads(count);
        await Promise.all(loads);
      }
    };
    if (selected?.applies) {
      total.selected = true;
      total.selectedLookups = selected.lookups;
      tableWhole = null;
      const check = new Set(selected.check);
      await keepOthers((i) => check.has(i), SELECTED_SPREAD);
    } else if (quick) {
      const lines = paths.map((p) => previous.get(p) ?? '');
      const size = Math.ceil(paths.length / threads.length);
      const parts = await Promise.all(threads.map((thread, part) => ask<PageCheckResult>(thread, {
        check: { paths: paths.slice(part * size, (part + 1) * size), previous: lines.slice(part * size, (part + 1) * size), tableFile: tableAside, part, parts: threads.length },
      } satisfies PageCheck)));
      const changed = new Map(parts.flatMap((p) => p.changed));
      const names = [...changed.keys()];
      const valid = parts.every((p) => p.size >= 0);
      const lookups = parts.reduce((n, p) => n + p.size, 0);
      // a table that is not one is dropped (every page is then checked in full, and tells its lookups again);
      // a table of mostly stale lines (lookups no page makes any more, answers replaced) is written anew
      if (valid && (parts[0]?.lines ?? 0) > 2 * lookups + 10_000) {
        const table = parseLookupsTable(readText(tableAside)) ?? new Map<string, string>();
        for (const [name, answer] of changed) table.set(name, answer);
        tableWhole = formatLookupsTable(table);
      } else if (valid) {
        tableWhole = null;
        tableLines.push(formatLookupsTable(changed));
      }
      const suspect = new Set(parts.flatMap((p, part) => p.suspects.map((i) => i + part * size)));
      await keepOthers((i, line) => !valid || suspect.has(i) || namesChanged(line, changed, names), SPREAD);
    } else {
      total.checked = paths.length;
    }
    total.workers = threads.length;
    await options.ready;
    let cursor = 0;
    await Promise.all(threads.map(async (thread) => {
      while (cursor < todo.length) {
        const at = todo.slice(cursor, cursor + BATCH);
        const batch: PageBatch = { paths: at.map((i) => paths[i] as string), previous: [] };
        cursor += BATCH;
        for (const sitePath of batch.paths) batch.previous.push(previous.get(sitePath) ?? '');
        const result = await ask<PageBatchResult>(thread, batch);
        total.pages += result.pages;
        total.written += result.written;
        for (const i of result.writtenAt) total.writtenPaths.push(batch.paths[i] as string);
        total.drawn += result.drawn;
        total.bytes += result.bytes;
        result.states.forEach((state, i) => { states[at[i] as number] = state; });
        tableLines.push(result.lookups);
        missing.push(...result.missing);
      }
    }));
    // what the next build's quick check needs, from the layout the caller took or else from the site
    // data the first thread loaded (none when site.json is not laid out as it reads it: the next build
    // checks the usual way)
    if (options.layout) options.layout.decided = true;
    const layout = options.layout?.layout ?? null;
    taken = await ask<NonNullable<typeof taken>>(threads[0] as Worker, { snapshot: files, layout }).catch(() => null);
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  if (missing.length) throw new Error(`no renderer for ${missing.length} listed pages, e.g. ${missing.slice(0, 3).join(', ')}`);
  // the lines of the pages whose state changed (and of those gone), appended when the file stays
  // near one line per page; else every page's line, written anew
  const changedLines: string[] = [];
  paths.forEach((sitePath, i) => {
    const state = states[i] ?? '';
    total.hashes.set(sitePath, state.slice(0, state.indexOf('\t')));
    if (previous.get(sitePath) !== state) changedLines.push(stateFileLine(sitePath, state));
    previous.delete(sitePath);
  });
  // what is left of the last build's pages is gone from the site
  for (const sitePath of previous.keys()) {
    removePage(data.outDir, sitePath);
    total.removed++;
    total.removedPaths.push(sitePath);
    changedLines.push(stateFileLine(sitePath, ''));
  }
  const append = stateAppendable && appendable(stateLines, changedLines.length, paths.length);
  // the table first: a state file is trusted with the table written before it
  if (tableWhole === null) appendAndRestore(tableAside, lookupsFile, tableLines.join(''));
  else writeAtomically(lookupsFile, tableWhole + tableLines.join(''));
  if (append) appendAndRestore(stateAside, options.stateFile, changedLines.join(''));
  else writeAtomically(options.stateFile, paths.map((sitePath, i) => stateFileLine(sitePath, states[i] ?? '')).join(''));
  for (const file of [stateAside, tableAside]) rmSync(file, { force: true });
  putBack(files, kept);
  if (taken !== null) {
    total.siteKey = `${taken.prefix.hash}:${taken.suffix.hash}`;
    const lines = append ? stateLines + changedLines.length : paths.length;
    writeAtomically(files.snapshot, JSON.stringify({ ...taken, stateLines: lines, stateSize: statSync(options.stateFile).size, pages: total.pages, bytes: total.bytes } satisfies SiteSnapshot));
  }
  return total;
}

/**
 * Files what the quick check drew: the state lines of the pages whose state changed and the lookups
 * their renders made appended, the snapshot's figures brought up to date (its entries stay: the site
 * data before the similar articles is the same; the thread wrote the similar articles and the pack
 * index anew).
 */
function finishQuick(
  total: WritePagesResult, drawn: PageBatchResult & { paths: string[]; previous: string[] }, snapshot: SiteSnapshot,
  names: { stateFile: string; stateAside: string; lookupsFile: string; tableAside: string; files: SnapshotFiles },
): WritePagesResult {
  const sizeOf = (state: string): number => Number(state.split('\t', 2)[1] ?? 0);
  const changedLines: string[] = [];
  total.pages = snapshot.pages;
  total.bytes = snapshot.bytes;
  drawn.paths.forEach((sitePath, i) => {
    const state = drawn.states[i] ?? '';
    const before = drawn.previous[i] ?? '';
    total.bytes += sizeOf(state) - sizeOf(before);
    total.hashes.set(sitePath, state.slice(0, state.indexOf('\t')));
    if (state !== before) changedLines.push(stateFileLine(sitePath, state));
  });
  for (const i of drawn.writtenAt) total.writtenPaths.push(drawn.paths[i] as string);
  Object.assign(total, { drawn: drawn.drawn, written: drawn.written, checked: drawn.paths.length, workers: 1, quick: true, siteKey: `${snapshot.prefix.hash}:${snapshot.suffix.hash}` });
  appendAndRestore(names.tableAside, names.lookupsFile, drawn.lookups);
  appendAndRestore(names.stateAside, names.stateFile, changedLines.join(''));
  const next: SiteSnapshot = { ...snapshot, stateLines: snapshot.stateLines + changedLines.length, stateSize: statSync(names.stateFile).size, pages: total.pages, bytes: total.bytes };
  writeAtomically(names.files.snapshot, JSON.stringify(next));
  return total;
}

const KEPT = ['site', 'similar', 'places'] as const;

/** The snapshot's files set aside, put back where this build wrote none (a quick rebuild keeps the last site data's), else removed. */
function putBack(files: SnapshotFiles, kept: KeptFiles): void {
  for (const name of KEPT) {
    if (existsSync(files[name])) rmSync(kept[name], { force: true });
    else try { renameSync(kept[name], files[name]); } catch { /* none set aside */ }
  }
}

/** Appends `text` to a file set aside and puts it back under its name. */
function appendAndRestore(aside: string, file: string, text: string): void {
  if (text) appendFileSync(aside, text);
  renameSync(aside, file);
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
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
