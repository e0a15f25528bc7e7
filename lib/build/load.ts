/**
 * Loads a content folder: walk the `*.md` files, parse them on worker threads (or take them from the
 * content-hash cache), dedupe IDs and permalinks in path order, and stream each admitted record to
 * the caller. Nothing here keeps full records: at 60k articles they would not fit the memory budget.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { closeCacheReader, createCacheWriter, type CacheWriter, type Entry, type PackPlace } from './cache';
import { packageRoot } from './package-root';
import { createDeduper } from './load-dedupe';
import { DICTIONARY_NUMBERS, decodePayload, encodePayload } from './hit-payload';
import type { ParseJob, ParseOutcome, ParseSettings, SearchTerms } from './load-parse-one';
import { OWN_NUMBERS } from '../search/build-index';
import { defaultWorkerCount, parseInOrder, type AnsweredHere } from './load-parse-pool';
import { readAhead } from './pack-read-ahead';
import { parseWorker, type WorkerBundle } from './worker-build';
import { createProgress } from './progress';
import type { ArticleRecord, ParseResult, Problem, RecordSummary } from '../parse/types';
import { walkContent, type ContentFile, type Walked } from './walk';

const repoRoot = packageRoot(import.meta.dirname);

export interface LoadOptions {
  /** a folder of articles, or one file */
  contentDir: string;
  /** `contentDir` as walked already (walkContent with its problems): not walked again */
  walked?: Walked;
  /** content-hash cache folder; default `<cwd>/.cache/records`, null turns the cache off */
  cacheDir?: string | null;
  /** worker threads; default one per core (none for small inputs) */
  workers?: number;
  /** show progress on stderr */
  progress?: boolean;
  /** compute search terms on the worker threads and pass them to onRecord */
  searchTerms?: boolean;
  /**
   * with searchTerms and the cache: the numbering the terms go to (the search index builder's,
   * SearchIndexBuilder.numbering; it must have numbered no term yet). Every SearchTerms handed out is
   * then in its own numbers (thread OWN_NUMBERS, no newTerms), and the cache keeps each record's terms
   * in those numbers (hit-payload.ts; the numbering's terms become the cache's dictionary): a warm
   * load then takes an unchanged article's summary and terms without reading its record or numbering a
   * word. Without it, terms come numbered by the thread that made them, and the cache keeps none.
   */
  numbering?: TermNumbering;
  /**
   * every admitted record, in sorted path order, with its search terms when asked for and, when there
   * is a cache, where its JSON text is in the cache's pack (LoadReport.pack)
   */
  onRecord?(record: ArticleRecord, terms?: SearchTerms, place?: PackPlace): void;
  /**
   * in place of onRecord: every admitted record as its summary (sections by kind only) and where its
   * JSON text is in the cache's pack (LoadReport.pack). The parse threads send a tenth of the bytes; the
   * build's main thread needs no more. Needs the cache. With `numbering`, the term lists of a hit read
   * on this thread are views of a buffer the next record reuses: copy what is kept past the call.
   */
  onSummary?(summary: RecordSummary, terms: SearchTerms | undefined, place: PackPlace): void;
  /**
   * the search terms of a record that was not admitted (a duplicate): they may name terms for the first
   * time that later records name by number only (SearchTerms), so the index builder must see them too
   */
  onRejectedTerms?(terms: SearchTerms): void;
  /** every file's parse result before dedupe, in sorted path order (the CLI's `parse`) */
  onResult?(result: ParseResult, file: ContentFile): void;
}

/** Numbers terms (SearchIndexBuilder.numbering): a thread's numbers → its own, and its terms by number. */
export interface TermNumbering {
  /** files a thread's new terms (numbered on from the thread's count so far); returns that thread's numbers → the numbering's own */
  learn(thread: number, newTerms: readonly string[]): readonly number[];
  /** every term numbered so far, in number order */
  names(): readonly string[];
}

export interface SkippedFile {
  file: string;
  reasons: string[];
}

export interface LoadReport {
  /** `*.md` files found */
  files: number;
  /** pages out: records admitted */
  articles: number;
  /** files that give no page, with why; files = articles + skipped.length */
  skipped: SkippedFile[];
  errors: Problem[];
  warnings: Problem[];
  durationMs: number;
  /** bytes of the files (those not read again, as walked) */
  bytes: number;
  /** files taken from the cache */
  cached: number;
  workers: number;
  /** the cache's pack, holding the JSON text of every admitted record (onRecord's places); null without a cache */
  pack: string | null;
}

/** Loads so far in this process: each numbers its search terms afresh (load-parse-one.ts). */
let loads = 0;

/** Loads every article below `contentDir` and reports what happened to each file. */
export async function loadContent(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  if (!existsSync(options.contentDir)) throw new Error(`content not found: ${options.contentDir} does not exist`);
  if (options.onSummary && (options.onRecord || options.onResult)) throw new Error('loadContent: onSummary replaces onRecord and onResult');
  const walkProblems: Problem[] = options.walked ? [...options.walked.problems] : [];
  const files = options.walked ? options.walked.files : walkContent(options.contentDir, walkProblems);
  const cacheDir = options.cacheDir === undefined ? path.resolve('.cache', 'records') : options.cacheDir;
  if (options.onSummary && cacheDir === null) throw new Error('loadContent: onSummary needs the record cache (its pack holds the records)');
  const workers = options.workers ?? defaultWorkerCount(files.length);
  // the fingerprint keys the cache and names the worker bundle; neither cache nor workers: not needed
  const worker: WorkerBundle = cacheDir !== null || workers > 0 ? await parseWorker(repoRoot) : { fingerprint: '', file: null };
  const jobs: ParseJob[] = files.map((f, index) => ({ index, file: f.file, source: f.source }));
  const progress = options.progress ? createProgress(files.length) : null;
  const deduper = createDeduper();
  const report: LoadReport = { files: files.length, articles: 0, skipped: [], errors: [], warnings: [], durationMs: 0, bytes: 0, cached: 0, workers, pack: null };
  // what the walk refused (links out of the folder, unreadable folders) counts as a file in, skipped
  for (const problem of walkProblems) {
    if (problem.severity === 'error') {
      report.errors.push(problem);
      report.files++;
      report.skipped.push({ file: problem.file, reasons: [`${problem.code}: ${problem.message}`] });
    } else {
      report.warnings.push(problem);
    }
  }

  // this load's results become the cache (what it read from the old one and what it parsed)
  closeCacheReader();
  const cache = cacheDir !== null ? createCacheWriter(cacheDir, { fingerprint: worker.fingerprint }) : null;
  const numbering = options.searchTerms && cache ? options.numbering ?? null : null;
  // a file whose size and modification time are as the last load noted them is not read again (the
  // build's no-change stamp trusts the same two). A file modified in the minute before this load is not
  // noted: a second write within the same tick of the clock could leave both as they were, and the walk
  // that gave them (the build's parent) came a little before this load read the file
  const noteBefore = Date.now() - 60_000;
  if (cache) {
    for (const job of jobs) {
      const f = files[job.index] as ContentFile;
      const key = cache.knownKey(f.source, f.size, f.mtimeMs);
      if (key) { job.key = key; job.size = f.size; }
    }
  }
  // a known file's hit kept in place, its summary and terms in the load's numbering: read here
  const here = cache && numbering && options.onSummary ? hitsReadHere(cache, jobs) : null;
  const settings: ParseSettings = {
    cacheDir, fingerprint: worker.fingerprint, searchTerms: options.searchTerms === true, load: `${process.pid}-${++loads}`,
    appendingTo: cache?.appendingTo ?? null, payloadPack: cache?.payloadPack ?? null, summaries: options.onSummary !== undefined,
  };
  // the terms of hit payloads (numbered by the cache's dictionary), as handed out
  let dictionaryNumbers: ((terms: SearchTerms) => SearchTerms) | null = null;
  let dictionaryStarted = false;
  const startDictionary = (): void => {
    if (!cache || dictionaryStarted) return;
    dictionaryStarted = true;
    const dictionary = cache.dictionary();
    if (numbering) {
      // the numbering's own numbers are the dictionary's: it numbers the dictionary first, unless it
      // has numbered this very dictionary already (numberDictionary, while the build waited for its walk)
      const learned = numbering.learn(DICTIONARY_NUMBERS, []);
      const ours = learned.length === 0 ? numbering.learn(DICTIONARY_NUMBERS, dictionary) : learned;
      if (!numbersDictionary(numbering, dictionary, ours)) throw new Error('loadContent: options.numbering must not have numbered any term before the load but this dictionary');
      dictionaryNumbers = (terms) => {
        terms.thread = OWN_NUMBERS;
        return terms;
      };
    } else {
      // the first terms handed out name the whole dictionary as new
      let sent = false;
      dictionaryNumbers = (terms) => {
        if (sent) return terms;
        sent = true;
        return { ...terms, newTerms: [...dictionary] };
      };
    }
  };
  /** An outcome's terms as handed out, and the payload the cache files with its record (when it files one). */
  const handOut = (outcome: ParseOutcome): { terms: SearchTerms | undefined; payload: Uint8Array | null } => {
    startDictionary();
    let terms = outcome.terms;
    if (!terms) return { terms, payload: outcome.payload ?? null };
    if (terms.thread === DICTIONARY_NUMBERS) terms = (dictionaryNumbers as (t: SearchTerms) => SearchTerms)(terms);
    else if (numbering) terms = ownNumbers(terms, numbering.learn(terms.thread, terms.newTerms));
    const payload = outcome.payload ?? (numbering && outcome.summaryText !== undefined ? encodePayload(outcome.summaryText, terms) : null);
    return { terms, payload };
  };
  try {
    const parsing = parseInOrder(jobs, settings, { workers, entry: worker.file }, (outcome, job) => {
      const { result } = outcome;
      const { terms, payload } = handOut(outcome);
      let place: PackPlace | null = null;
      if (cache && outcome.key) {
        // a hit stays where it is, unless its terms were made again and now go in its payload
        place = outcome.entry && !(outcome.madeTerms && payload) ? cache.keep(outcome.key, outcome.entry) : cache.add(outcome.key, outcome.recordText, payload, result.problems);
      }
      report.bytes += outcome.bytes;
      const f = files[job.index] as ContentFile;
      if (cache && outcome.key && f.size !== undefined && f.mtimeMs !== undefined && f.mtimeMs < noteBefore) cache.noteSource(f.source, f.size, f.mtimeMs, outcome.key);
      if (outcome.cached) report.cached++;
      options.onResult?.(result, files[job.index] as ContentFile);
      const problems = [...result.problems];
      let admitted: RecordSummary | null = outcome.summary ?? result.record;
      if (admitted) {
        const admission = deduper.admit(admitted);
        if (admission.problem) problems.push(admission.problem);
        if (!admission.admitted) admitted = null;
      }
      for (const problem of problems) (problem.severity === 'error' ? report.errors : report.warnings).push(problem);
      if (admitted) {
        report.articles++;
        if (options.onSummary) {
          if (!place) throw new Error(`the record of ${job.source} is not in the cache's pack`);
          options.onSummary(admitted, terms, place);
        } else if (result.record) {
          options.onRecord?.(result.record, terms, place ?? undefined);
        }
      } else {
        if (terms) options.onRejectedTerms?.(terms);
        const reasons = problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`);
        report.skipped.push({ file: job.source, reasons: reasons.length ? reasons : ['no record (the parser gave no reason)'] });
      }
      progress?.tick(job.index + 1);
    }, here ?? undefined);
    // while the threads start: the dictionary is read (and learned) before the first outcome comes
    // (parsing on this thread waits for the parser's modules too); if it fails, the parsing's own
    // failure that follows is not left unhandled
    try { startDictionary(); } catch (error) { parsing.catch(() => undefined); throw error; }
    report.workers = await parsing;
    if (numbering && cache) cache.addTerms(numbering.names().slice(cache.dictionary().length));
  } catch (error) {
    cache?.abort();
    throw error;
  } finally {
    here?.close();
    closeCacheReader();
  }
  cache?.finish();
  report.pack = cache?.pack ?? null;
  progress?.end(files.length);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/**
 * The hits of files whose key is known (the file not read: ParseJob.key) that stay in place in the pack
 * the load appends to, answered on this thread: their payloads (the summary and the terms in the
 * dictionary's numbers) are read straight from the pack in job order, a few MB a read
 * (pack-read-ahead.ts), and decoded here. Through a parse thread, each hit was read there, copied
 * into a message and copied out of it here, and this thread, the load's busiest, was woken for every
 * batch; the threads sat idle most of a warm load. A hit without a payload, or one the pack is too
 * short for, goes to a thread as before.
 */
function hitsReadHere(cache: CacheWriter, jobs: readonly ParseJob[]): AnsweredHere & { close(): void } {
  const entries: (Entry | undefined)[] = [];
  const places: PackPlace[] = [];
  let packSize = -1;
  try { packSize = statSync(cache.pack).size; } catch { /* gone: nothing is taken here */ }
  for (const job of jobs) {
    const entry = job.key ? cache.keptEntry(job.key) : null;
    if (!entry) continue;
    const [offset, length, payloadLength] = entry;
    if (length === 0) {
      entries[job.index] = entry;
    } else if (payloadLength > 0 && offset + length + payloadLength <= packSize) {
      entries[job.index] = entry;
      places.push([offset + length, payloadLength]);
    }
  }
  const payloads = places.length > 0 ? readAhead(cache.pack, places) : null;
  return {
    takes: (job) => entries[job.index] !== undefined,
    outcome(job) {
      const entry = entries[job.index] as Entry;
      const [, length, , problems = []] = entry;
      const outcome: ParseOutcome = { index: job.index, bytes: job.size ?? 0, cached: true, key: job.key as string, entry, recordText: null, result: { record: null, problems } };
      if (length === 0) return outcome;
      const { summary, terms } = decodePayload((payloads as NonNullable<typeof payloads>).next());
      outcome.summary = summary;
      outcome.terms = { ...terms, thread: DICTIONARY_NUMBERS, newTerms: [] };
      return outcome;
    },
    close: () => payloads?.close(),
  };
}

/**
 * Numbers the record cache's term dictionary (readCacheAhead) in a numbering that has numbered no term
 * yet, ahead of the load that will hand out terms in it (LoadOptions.numbering): the build's prepare
 * child does it while it waits for its walk. The load then finds it done, if it reads the same
 * dictionary; else it fails as for any numbering used before.
 */
export function numberDictionary(numbering: TermNumbering, dictionary: readonly string[]): void {
  if (numbering.names().length > 0) throw new Error('numberDictionary: the numbering has numbered terms already');
  numbering.learn(DICTIONARY_NUMBERS, dictionary);
}

/** Whether the numbering's numbers are the dictionary's own (`ours`: what it learned of it) and it has numbered nothing else. */
function numbersDictionary(numbering: TermNumbering, dictionary: readonly string[], ours: readonly number[]): boolean {
  const names = numbering.names();
  if (ours.length !== dictionary.length || names.length !== dictionary.length) return false;
  for (let i = 0; i < ours.length; i++) if (ours[i] !== i || names[i] !== dictionary[i]) return false;
  return true;
}

/** Thread-numbered terms in the numbering's own numbers (`ours`: the thread's numbers → its own). */
function ownNumbers(terms: SearchTerms, ours: readonly number[]): SearchTerms {
  const map = (list: Uint32Array): Uint32Array => {
    const out = new Uint32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const n = ours[list[i]!];
      if (n === undefined) throw new Error(`loadContent: term number ${list[i]} was never named by thread ${terms.thread}`);
      out[i] = n;
    }
    return out;
  };
  return {
    thread: OWN_NUMBERS, newTerms: [], title: map(terms.title), lead: map(terms.lead), rest: map(terms.rest), pairs: terms.pairs, doc: terms.doc,
    similar: { ...terms.similar, title: map(terms.similar.title), lead: map(terms.similar.lead) },
  };
}

/** Human summary lines of a report: files in, pages out, skipped with reasons, warnings, time. */
export function summarizeReport(report: LoadReport, maxListed = 20): string[] {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `${n(report.files)} files in, ${n(report.articles)} pages out, ${n(report.skipped.length)} skipped, ` +
      `${n(report.errors.length)} errors, ${n(report.warnings.length)} warnings ` +
      `(${(report.durationMs / 1000).toFixed(1)} s, ${n(report.cached)} from cache, ${report.workers || 'no'} worker threads)`,
  ];
  for (const s of report.skipped.slice(0, maxListed)) lines.push(`  skipped ${s.file}: ${s.reasons.join('; ')}`);
  if (report.skipped.length > maxListed) lines.push(`  … and ${n(report.skipped.length - maxListed)} more skipped (see .kb/report.json)`);
  const counts = new Map<string, number>();
  for (const w of report.warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  if (counts.size) lines.push(`  warnings by code: ${[...counts].sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c} ${n(k)}`).join(', ')}`);
  return lines;
}
