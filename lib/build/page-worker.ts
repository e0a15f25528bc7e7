/**
 * Page-worker entry: renders batches of site paths with the same function the route handler uses
 * (lib/render/static-pages.ts, reading the store) and writes each to `<outDir>/<path>/index.html`,
 * the file `next build` would have exported for it. A page whose inputs are those the last build drew
 * it from is not drawn (page-inputs.ts). Bundled by worker-build.ts.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { pageFile } from './page-file';
import { listPageMayChange, listStaticPages, pageLookups, pageSource, renderArticle, searchChunk, type ListChanges, type PageLookups, type PageSource } from '../render/static-pages';
import { siteIndex } from '../render/site-context';
import {
  answerKey, appendable, changedLookups, countLines, dataKey, formatPageState, groupValues, inputsHash, keptFiles, lineHolds, lookupName, parseLookupsTable, parsePageState, pathsNaming, recordingGroups, replayLookups,
  SNAPSHOT_VERSION, type Lookup, type LookupGroups, type SiteSnapshot, type SnapshotFiles,
} from './page-inputs';
import { permalinkKey } from './load-dedupe';
import { readText } from './read-text';
import {
  changedLookupNames, changedMembers, changedOutsideSimilar, EntryIndex, memberRange, NotCovered, PartialSite, readBytes, readRange, siteChanges, writeSiteLayout, type SiteLayout,
} from './site-snapshot';
import { HOME_PATH, SEARCH_PATH } from '../routes';
import { freezeStore, getSiteData } from './store';
import { placeDigest } from './store-pack';
import { packFile, packIdFile, packIndexFile, storeDir } from './store-paths';
import type { ArticleRecord } from '../parse/types';

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

/**
 * The quick check of a rebuild (quickCheck): the state file (set aside by the parent) and what the
 * last build kept of its site data (the snapshot read from `<stateFile>.site`, its files next to it).
 */
export interface QuickCheck {
  quick: { stateFile: string; files: SnapshotFiles; snapshot: SiteSnapshot };
}

/**
 * The selective check of a rebuild whose site data changed outside its similar articles too (an article
 * added, deleted, retitled): the listed pages (`paths`, as the 'list' message gave them), the state
 * file and lookups table set aside, the last build's snapshot. Asked of the thread that listed the pages.
 */
export interface SelectCheck {
  select: { paths: string[]; stateFile: string; tableFile: string; files: SnapshotFiles; snapshot: SiteSnapshot };
}

export interface SelectResult {
  /** false: the pages are checked the usual way (`why` says what the selection could not take) */
  applies: boolean;
  why: string;
  /** the indexes in `paths` of the pages to check in full: the others are as their state lines say */
  check: number[];
  /** the lookups whose answers may have changed (their pages are among those checked) */
  lookups: number;
}

export interface QuickCheckResult {
  /** false: the pages are checked the usual way (`why` says what the quick check could not take) */
  applies: boolean;
  why: string;
  /** pages to draw or tell unchanged (quickDraw) */
  pages: number;
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
  const result: PageBatchResult = { pages: 0, written: 0, writtenAt: [], bytes: 0, states: [], drawn: 0, missing: [], lookups: '' };
  batch.paths.forEach((sitePath, i) => {
    const source = pageSource(sitePath, settings.config);
    if (!source) {
      result.missing.push(sitePath);
      result.states.push('');
      return;
    }
    drawPage(sitePath, i, source, batch.previous[i] ?? '', settings, result);
  });
  return result;
}

/**
 * Draws one page into `settings.outDir` unless its inputs are those of its state line `previous`
 * (then the page there is what drawing it would give), and files its state in `result` (its index
 * in the batch: `at`). `covers`: whether the lookups the render made are all answered as the whole
 * site would (the quick rebuild's partial site); when not, nothing is filed or written and false
 * is returned (the caller draws it again from more of the site).
 */
function drawPage(sitePath: string, at: number, source: PageSource, previous: string, settings: PageWorkerData, result: PageBatchResult, covers?: (lookups: readonly Lookup[]) => boolean): boolean {
  const pageCode = `${codeOf(settings)}\0${groupValues(source.lookups)}`;
  const data = answerKey(source.data);
  const before = parsePageState(previous);
  const replayed = before ? replayLookups(source.lookups, before.lookups) : [];
  if (before && before.data === dataKey(pageCode, data) && inputsHash(pageCode, data, before.lookupsText, replayed) === before.inputs) {
    result.pages++;
    result.bytes += before.size;
    result.states.push(previous);
    collect(result, before.lookups, replayed);
    return true;
  }
  const recording = recordingGroups(source.lookups);
  const bytes = Buffer.from(source.render(recording.groups));
  if (covers && !covers(recording.lookups)) return false;
  const hash = createHash('sha1').update(bytes).digest('base64url');
  result.drawn++;
  result.pages++;
  result.bytes += bytes.length;
  const lookupsText = JSON.stringify(recording.lookups);
  result.states.push(formatPageState({ hash, size: bytes.length, inputs: inputsHash(pageCode, data, lookupsText, recording.answers), data: dataKey(pageCode, data), lookupsText }));
  collect(result, recording.lookups, recording.answers);
  if (before?.hash === hash) return true;
  const file = pageFile(settings.outDir, sitePath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  result.written++;
  result.writtenAt.push(at);
  return true;
}

/** The quick rebuild's state between its check and its drawing (quickCheck, quickDraw). */
let quick: { partial: PartialSite; pages: QuickPage[]; pack: string; close(): void; keep(): void } | null = null;

/** A page the quick check draws: its state line, its record's digest and place in the pack. */
interface QuickPage {
  sitePath: string;
  previous: string;
  digest: string;
  place: [number, number];
}

/**
 * The quick check of a rebuild whose site data changed in its similar articles only (site-snapshot.ts):
 * what the last build kept (`snapshot`, its files next to the state file) against the store now. The
 * pages to draw are the articles whose record changed and the pages whose state line names the
 * similar articles of an ID whose list changed; every other page's inputs are as its line says (its
 * data and every lookup's answer come from the site data outside the similar articles, which is the
 * same to the byte, and from a record in the same place of the same pack). Nothing is drawn here.
 */
export function quickCheck(check: QuickCheck['quick'], settings: PageWorkerData): QuickCheckResult {
  quick?.close();
  quick = null;
  const { snapshot, files } = check;
  const no = (why: string): QuickCheckResult => ({ applies: false, why, pages: 0 });
  const other = otherThanSnapshot(snapshot, settings);
  if (other) return no(other);
  const store = storeDir();
  const packId = snapshot.packId as string; // the store's pack: otherThanSnapshot compared them
  // first what reads none of the snapshot's files (the archive's: ~0.5 s, wasted when the check fails)
  const siteFile = path.join(store, 'site.json');
  const changed = changedOutsideSimilar(siteFile, snapshot);
  if (changed) return no(changed);
  const last = keptFiles(files);
  let [similarBefore, placesBefore, entriesText] = [Buffer.alloc(0), Buffer.alloc(0), ''];
  try {
    [similarBefore, placesBefore, entriesText] = [readFileSync(last.similar), readFileSync(last.places), readText(files.entries)];
  } catch {
    return no('the snapshot\'s files are gone');
  }
  const similarEnd = statSync(siteFile).size - snapshot.suffix.length;
  const fd = openSync(siteFile, 'r');
  let kept = false;
  try {
    const similar = readBytes(fd, snapshot.prefix.length, similarEnd);
    if (similar[0] !== 0x7b || similar[similar.length - 1] !== 0x7d) return no('the similar articles are not where they were');
    const similarIds = changedMembers(similarBefore, similar);
    const entries = new EntryIndex(entriesText);
    const placesNow = readFileSync(packIndexFile(store));
    const candidates = new Map<string, readonly [number, number] | null>();
    for (const key of changedMembers(placesBefore, placesNow)) {
      const permalink = entries.permalink(key);
      if (permalink === undefined) return no('a record of no article of the site data');
      candidates.set(permalink, null);
    }
    const state = readFileSync(check.stateFile);
    for (const sitePath of pathsNaming(state, similarIds.map((id) => lookupName('related.similar', id)))) candidates.set(sitePath, null);
    const pages: QuickPage[] = [];
    for (const sitePath of candidates.keys()) {
      const line = lastLine(state, sitePath);
      const at = memberRange(placesNow, permalinkKey(sitePath));
      // a page of the state that is no article (a similar list asked by a list page): the usual check
      if (!line || !at) return no(`no state line or no record for ${sitePath}`);
      const place = JSON.parse(placesNow.toString('latin1', at[0], at[1])) as [number, number];
      pages.push({ sitePath, previous: line, digest: placeDigest(packId, place), place });
    }
    if (!appendable(snapshot.stateLines, pages.length, snapshot.pages)) return no('a state file to write anew');
    const partial = new PartialSite(fd, entries, similar);
    for (const page of pages) partial.need(parsePageState(page.previous)?.lookups ?? []);
    // once drawn, the next build compares with these similar articles and places
    const keep = (): void => { writeFileSync(files.similar, similar); writeFileSync(files.places, placesNow); };
    quick = { partial, pages, close: () => closeSync(fd), keep, pack: packFile(realpathSync(store)) };
    kept = true;
    return { applies: true, why: '', pages: pages.length };
  } catch (error) {
    if (error instanceof NotCovered) return no(error.message);
    throw error;
  } finally {
    if (!kept) closeSync(fd);
  }
}

/** Draws the pages quickCheck found (or tells them unchanged): their batch result, in quickCheck's order. */
export function quickDraw(settings: PageWorkerData): PageBatchResult & { paths: string[]; previous: string[] } {
  if (!quick) throw new Error('quickDraw before quickCheck');
  const { partial, pages } = quick;
  const result: PageBatchResult = { pages: 0, written: 0, writtenAt: [], bytes: 0, states: [], drawn: 0, missing: [], lookups: '' };
  const packFd = openSync(quick.pack, 'r');
  try {
    pages.forEach(({ sitePath, previous, digest, place }, i) => {
      const render = (lookups: PageLookups): string => renderArticle(JSON.parse(readRange(packFd, place[0], place[0] + place[1])) as ArticleRecord, lookups);
      // each round draws from the entries the lookups made so far read; one that read more draws again
      for (let round = 0; ; round++) {
        const lookups = pageLookups(siteIndex(partial.site(), settings.config));
        if (drawPage(sitePath, i, { data: ['article', digest], lookups, render }, previous, settings, result, (made) => !partial.need(made))) break;
        if (round === 16) throw new Error(`the lookups of ${sitePath} keep asking for more of the site data`);
      }
    });
    quick.keep();
  } finally {
    closeSync(packFd);
    quick.close();
    quick = null;
  }
  return { ...result, paths: pages.map((p) => p.sitePath), previous: pages.map((p) => p.previous) };
}

/** Articles changed in the site data beyond which a rebuild is checked the usual way (each is parsed twice). */
const MOST_ARTICLES = 2_000;
/** Changed lookups beyond which a rebuild is checked the usual way (their pages are checked in full: a few each). */
const MOST_LOOKUPS = 5_000;

/**
 * The selective check (SelectCheck): the article pages drawn from what changed since the last build
 * (site-snapshot.ts siteChanges: its record, or a lookup whose answer may have changed, found by the
 * lookups table's names in the state file) and the list pages whose data may have changed
 * (static-pages.ts listPageMayChange) are checked in full; every other page's data and lookups'
 * answers are those its state line was drawn from. Nothing is drawn here.
 */
export function selectPages(check: SelectCheck['select'], settings: PageWorkerData): SelectResult {
  const no = (why: string): SelectResult => ({ applies: false, why, check: [], lookups: 0 });
  const { snapshot, files } = check;
  const other = otherThanSnapshot(snapshot, settings);
  if (other) return no(other);
  const store = storeDir();
  let before: Buffer;
  let similarBefore: Buffer;
  let placesBefore: Buffer;
  try {
    const kept = keptFiles(files);
    [before, similarBefore, placesBefore] = [readFileSync(kept.site), readFileSync(kept.similar), readFileSync(kept.places)];
  } catch {
    return no('no copy of the last site data');
  }
  const changes = siteChanges(before, readFileSync(path.join(store, 'site.json')), similarBefore, MOST_ARTICLES);
  if (typeof changes === 'string') return no(changes);
  const names = changedLookupNames(readText(check.tableFile), changes);
  if (names === null) return no('the lookups table names a lookup the selection does not know');
  if (names.length > MOST_LOOKUPS) return no(`${names.length} lookups may answer otherwise`);
  const state = readFileSync(check.stateFile);
  const selected = pathsNaming(state, names);
  const records = new Set(changedMembers(placesBefore, readFileSync(packIndexFile(store))));
  const articles = new Set(getSiteData().articles.map((a) => permalinkKey(a.permalink)));
  const lists: ListChanges = { articles: changes.lists.articles, ids: changes.ids, products: changes.lists.products, codes: changes.codes };
  const result: SelectResult = { applies: true, why: '', check: [], lookups: names.length };
  check.paths.forEach((sitePath, i) => {
    const key = permalinkKey(sitePath);
    const article = sitePath !== HOME_PATH && sitePath !== SEARCH_PATH && articles.has(key);
    if (article ? records.has(key) || selected.has(sitePath) : listPageMayChange(sitePath, lists, settings.config)) result.check.push(i);
  });
  return result;
}


/** The last state line of a site path (without its path), or '' when it has none or its last says it is gone. */
function lastLine(state: Buffer, sitePath: string): string {
  const needle = Buffer.from(`${JSON.stringify(sitePath)}\t`);
  for (let at = state.lastIndexOf(needle); at >= 0; at = at > 0 ? state.lastIndexOf(needle, at - 1) : -1) {
    if (at > 0 && state[at - 1] !== 0x0a) continue;
    const end = state.indexOf(0x0a, at);
    return state.toString('utf8', at + needle.length, end < 0 ? state.length : end);
  }
  return '';
}

/**
 * What the quick check of the next build needs of this one (the site data's layout and digests, the
 * similar articles, the pack index): written next to the state file (snapshotFiles) from the site
 * data this thread loaded, unless the build took the layout already (`layout`: it read the site data
 * for its own files while this thread checked the pages); the parent adds the state file's own figures.
 */
export function takeSnapshot(files: SnapshotFiles, settings: PageWorkerData, layout: SiteLayout | null): Omit<SiteSnapshot, 'stateLines' | 'stateSize' | 'pages' | 'bytes'> {
  const store = storeDir();
  return {
    version: SNAPSHOT_VERSION,
    code: codeOf(settings),
    chunk: searchChunk() ?? null,
    packId: packIdOf(store),
    ...(layout ?? writeSiteLayout(store, files, getSiteData().articles)),
  };
}

/**
 * Why the pages cannot be checked against the last build's snapshot (other render code or settings,
 * another search bundle, another record pack: every page may differ then), or null.
 */
function otherThanSnapshot(snapshot: SiteSnapshot, settings: PageWorkerData): string | null {
  if (snapshot.code !== codeOf(settings)) return 'other render code or settings';
  if (snapshot.chunk !== (searchChunk() ?? null)) return 'another search bundle';
  const packId = packIdOf(storeDir());
  if (packId === null || snapshot.packId !== packId) return 'another record pack';
  return null;
}

/** The name of the record cache's pack the store's pack is (store-paths.ts packIdFile), or null. */
function packIdOf(store: string): string | null {
  try { return readFileSync(packIdFile(realpathSync(store)), 'utf8').trim() || null; } catch { return null; }
}

parentPort?.on('message', async (message: PageBatch | PageCheck | QuickCheck | SelectCheck | 'list' | 'load' | 'quick-draw' | { snapshot: SnapshotFiles; layout: SiteLayout | null }) => {
  const settings = workerData as PageWorkerData;
  if (message === 'list') parentPort?.postMessage(await poolPages());
  // the site data and the render context, made while the first thread lists the pages
  else if (message === 'load') parentPort?.postMessage(pageSource('/', settings.config) !== null);
  else if (message === 'quick-draw') parentPort?.postMessage(quickDraw(settings));
  else if ('quick' in message) parentPort?.postMessage(quickCheck(message.quick, settings));
  else if ('select' in message) parentPort?.postMessage(selectPages(message.select, settings));
  else if ('snapshot' in message) parentPort?.postMessage(takeSnapshot(message.snapshot, settings, message.layout));
  else if ('check' in message) parentPort?.postMessage(checkPages(message.check, settings));
  else parentPort?.postMessage(drawBatch(message, settings));
});
