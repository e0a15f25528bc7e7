/**
 * Parses one file the way the build does: read the bytes, try the content-hash cache, else parse (the
 * loader files the result in the new cache). Shared by the worker threads and the in-process path (small inputs, the CLI), so both give
 * identical results. A parser crash becomes an error on that file, never the end of the build.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { cacheKey, readCached, type CachedResult, type Entry } from './cache';
import { DICTIONARY_NUMBERS, decodePayload } from './hit-payload';
import { docEntryOf } from '../search/doc-entry';
import { termsAndPairsOf } from '../search/field-terms';
import type { DocEntry, Field } from '../search/format';
import { similarSignature, type NumberedSignature, type SimilarSignature } from '../related/similar';
import { parseArticle } from '../parse/parse-article';
import { SUMMARY_FIELDS, type ArticleRecord, type ParseResult, type RecordSummary } from '../parse/types';

/**
 * An article's search terms by field, its word pairs, its doc-table row (product index -1: the index
 * builder sets it) and its similar-articles signature, computed on the worker so the main thread only
 * files them (tokenizing on the main thread held the parse back: it was the busiest of the three).
 *
 * Terms go by number: each thread numbers the terms it meets, and sends a term's text once, with the
 * first article that has it (`newTerms`, numbered on from the thread's count so far); the index builder
 * maps each thread's numbers to its own (build-index.ts). Filing 20 M postings by their text into maps
 * on the main thread took ~18 s of the archive's build, the most of any single function.
 */
export type SearchTerms = Record<Field, Uint32Array> & {
  /**
   * the thread that numbered the terms (node:worker_threads threadId; 0: the main thread), or
   * DICTIONARY_NUMBERS: numbers of the record cache's term dictionary (a hit's payload, hit-payload.ts)
   */
  thread: number;
  /** terms this thread had not sent before, in the order of their numbers */
  newTerms: string[];
  pairs: Uint32Array;
  doc: DocEntry;
  /** the similar-articles signature, its terms numbered like the fields' (all of them are terms of the fields too) */
  similar: NumberedSignature;
};

// (declared with the payload: load.ts needs it without loading the parser, which this module imports)
export { DICTIONARY_NUMBERS };

export interface ParseJob {
  index: number;
  /** absolute path */
  file: string;
  /** relative path with `/` */
  source: string;
  /** its cache key when known without reading it (the file is as the last load read it: cache.ts knownKey) */
  key?: string;
  /** its size, with `key` */
  size?: number;
}

export interface ParseOutcome {
  index: number;
  result: ParseResult;
  /**
   * JSON.stringify(result.record) when the cache must file it (a miss, a hit the load cannot keep in
   * place, a hit whose terms were made again), else null
   */
  recordText: string | null;
  /** with ParseSettings.summaries and recordText: JSON.stringify(summary), for the payload the load files */
  summaryText?: string;
  /** a hit's payload to file again as it is (a hit from the payload pack the load does not append to) */
  payload?: Uint8Array;
  /** with ParseSettings.summaries: the record's summary (result.record is then null) */
  summary?: RecordSummary;
  /**
   * a hit in the pack the load appends to (ParseSettings.appendingTo): its entry there, kept in place
   * unless `madeTerms` and the load numbers terms for payloads (it then sends recordText too)
   */
  entry?: Entry;
  /** the hit had no usable payload: its terms were made again (thread-numbered) */
  madeTerms?: boolean;
  /** the cache key (cacheKey()), '' without a cache: the loader files the result under it */
  key: string;
  bytes: number;
  cached: boolean;
  /** present when the settings ask for search terms and the file gave a record */
  terms?: SearchTerms;
}

export interface ParseSettings {
  /** null: no cache */
  cacheDir: string | null;
  fingerprint: string;
  /** also compute each record's search terms (the build's index needs them; the CLI does not) */
  searchTerms?: boolean;
  /** names one load: a thread starts numbering terms afresh when it changes (threads outlive no load but the main thread does) */
  load?: string;
  /** the cache pack the load appends to (cache.ts): a hit read from it goes back as its entry, without its texts */
  appendingTo?: string | null;
  /** the pack whose hit payloads are numbered by the dictionary the load uses (cache.ts payloadPack): payloads elsewhere are not used */
  payloadPack?: string | null;
  /** send the record's summary instead of the record (its text is in the cache's pack) */
  summaries?: boolean;
}

/**
 * The largest article read: a bigger file is reported and skipped without being read (the parse
 * of a 50 MB article held 3 GB). The real archive's largest article is far below this.
 */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Reads, parses (or takes from cache) one file; never throws. */
export function parseOne(job: ParseJob, settings: ParseSettings): ParseOutcome {
  // a file as the last load read it: its entry, without reading it (it is read when the entry is gone)
  if (settings.cacheDir && job.key) {
    const outcome = fromCache(job, job.size ?? 0, job.key, settings);
    if (outcome) return outcome;
  }
  let bytes: Uint8Array;
  try {
    const fd = openSync(job.file, 'r');
    try {
      const { size } = fstatSync(fd);
      if (size > MAX_FILE_BYTES) {
        return { index: job.index, bytes: 0, cached: false, recordText: null, key: '', result: failure(job.source, 'file-too-large', `the file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB an article may have; skipped without reading it`) };
      }
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { index: job.index, bytes: 0, cached: false, recordText: null, key: '', result: failure(job.source, 'read-failed', `cannot read file: ${message(error)}`) };
  }
  const key = settings.cacheDir ? cacheKey(settings.fingerprint, job.source, bytes) : '';
  if (settings.cacheDir) {
    const outcome = fromCache(job, bytes.length, key, settings);
    if (outcome) return outcome;
  }
  let result: ParseResult;
  try {
    result = parseArticle(bytes, job.source);
  } catch (error) {
    // The parser promises never to throw; if it does, the build keeps going without this page.
    return { index: job.index, bytes: bytes.length, cached: false, recordText: null, key, result: failure(job.source, 'parser-crash', `parser failed: ${message(error)}`) };
  }
  const recordText = result.record && settings.cacheDir ? JSON.stringify(result.record) : null;
  return summarized(withTerms({ index: job.index, bytes: bytes.length, cached: false, key, result, recordText }, settings), settings);
}

/**
 * A hit: from its payload when it has one numbered by the load's dictionary (the summary and terms, the
 * record not even read), else from its record (its terms made again when asked for); null: a miss.
 */
function fromCache(job: ParseJob, size: number, key: string, settings: ParseSettings): ParseOutcome | null {
  const cacheDir = settings.cacheDir as string;
  const wantsPayload = settings.searchTerms === true && settings.summaries === true;
  let hit: CachedResult | null = readCached(cacheDir, key, { record: false, payload: wantsPayload, fingerprint: settings.fingerprint });
  if (!hit) return null;
  const inPlace = Boolean(settings.appendingTo) && hit.pack === settings.appendingTo;
  const base = { index: job.index, bytes: size, cached: true, key };
  if (!hit.hasRecord) return { ...base, result: { record: null, problems: hit.problems }, recordText: null, ...(inPlace ? { entry: hit.entry } : {}) };
  if (wantsPayload && hit.payload && hit.pack === settings.payloadPack) {
    const { summary, terms } = decodePayload(hit.payload);
    const outcome: ParseOutcome = { ...base, result: { record: null, problems: hit.problems }, recordText: null, summary, terms: { ...terms, thread: DICTIONARY_NUMBERS, newTerms: [] } };
    if (inPlace) {
      outcome.entry = hit.entry;
    } else {
      // filed again as it is, in the load's new pack (which starts with the same dictionary)
      const full = readCached(cacheDir, key, { record: true, payload: false, fingerprint: settings.fingerprint });
      if (!full?.recordText) return null;
      outcome.recordText = full.recordText;
      outcome.payload = hit.payload;
    }
    return outcome;
  }
  // a hit filed again in a new pack keeps its payload (numbered by the dictionary the new pack starts with)
  hit = readCached(cacheDir, key, { record: true, payload: !inPlace, fingerprint: settings.fingerprint });
  if (!hit?.recordText) return null;
  let record: ArticleRecord;
  try { record = JSON.parse(hit.recordText) as ArticleRecord; } catch { return null; }
  const outcome = withTerms({ ...base, result: { record, problems: hit.problems }, recordText: hit.recordText }, settings);
  outcome.madeTerms = outcome.terms !== undefined;
  if (hit.payload && hit.pack === settings.payloadPack) outcome.payload = hit.payload;
  if (inPlace) {
    outcome.entry = hit.entry;
    // the texts go to the load only for filing the entry again with the terms made now
    if (!outcome.madeTerms) outcome.recordText = null;
  }
  return summarized(outcome, settings);
}

/** A record's summary: its SUMMARY_FIELDS, and each section reduced to its kind. */
export function summaryOf(record: ArticleRecord): RecordSummary {
  const summary: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) summary[field] = record[field];
  summary.sections = record.sections.map((s) => ({ kind: s.kind }));
  return summary as RecordSummary;
}

/** With ParseSettings.summaries, the record goes as its summary (the terms are made by now). */
function summarized(outcome: ParseOutcome, settings: ParseSettings): ParseOutcome {
  const { record, problems } = outcome.result;
  if (!settings.summaries || !record) return outcome;
  outcome.summary = summaryOf(record);
  if (outcome.recordText !== null) outcome.summaryText = JSON.stringify(outcome.summary);
  outcome.result = { record: null, problems };
  return outcome;
}

function withTerms(outcome: ParseOutcome, settings: ParseSettings): ParseOutcome {
  const record = outcome.result.record;
  if (!record || !settings.searchTerms) return outcome;
  if (numbering.load !== settings.load) numbering = { load: settings.load, numbers: new Map() };
  outcome.terms = numberTerms(namedTermsOf(record), numbering.numbers, threadId);
  return outcome;
}

/** This thread's term numbers for the current load (see SearchTerms). */
let numbering: { load: string | undefined; numbers: Map<string, number> } = { load: undefined, numbers: new Map() };

/** A record's search terms by name: its field terms, word-pair hashes, doc-table row and similar-articles signature. */
export interface NamedTerms {
  title: string[];
  lead: string[];
  rest: string[];
  pairs: Uint32Array;
  doc: DocEntry;
  similar: SimilarSignature;
}

/** A record's NamedTerms: its field terms (field-terms.ts), word pairs, doc-table row and similar-articles signature. */
export function namedTermsOf(record: ArticleRecord): NamedTerms {
  const { fields, pairs } = termsAndPairsOf(record);
  return {
    title: [...fields.title], lead: [...fields.lead], rest: [...fields.rest],
    pairs: Uint32Array.from(pairs), doc: docEntryOf(record, -1), similar: similarSignature(record),
  };
}

/**
 * Named terms as SearchTerms, numbered by `numbers` (a thread's numbering: terms it lacks are added,
 * numbered on, and listed in newTerms).
 */
export function numberTerms(named: NamedTerms, numbers: Map<string, number>, thread: number): SearchTerms {
  const newTerms: string[] = [];
  const number = (terms: readonly string[]): Uint32Array => {
    const out = new Uint32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      let n = numbers.get(term);
      if (n === undefined) {
        n = numbers.size;
        numbers.set(term, n);
        newTerms.push(term);
      }
      out[i] = n;
    }
    return out;
  };
  const title = number(named.title);
  const lead = number(named.lead);
  const rest = number(named.rest);
  const similar = { ...named.similar, title: number(named.similar.title), lead: number(named.similar.lead) };
  return { thread, newTerms, title, lead, rest, pairs: named.pairs, doc: named.doc, similar };
}

/** A record's SearchTerms, numbered by `numbers` (numberTerms of namedTermsOf). */
export function searchTermsOf(record: ArticleRecord, numbers: Map<string, number>, thread: number): SearchTerms {
  return numberTerms(namedTermsOf(record), numbers, thread);
}

function failure(source: string, code: string, text: string): ParseResult {
  return { record: null, problems: [{ file: source, line: 1, code, message: text, severity: 'error' }] };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
