/**
 * Parses one file the way the build does: read the bytes, try the content-hash cache, else parse (the
 * loader files the result in the new cache). Shared by the worker threads and the in-process path (small inputs, the CLI), so both give
 * identical results. A parser crash becomes an error on that file, never the end of the build.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { cacheKey, readCached, type Entry } from './cache';
import { docEntryOf } from '../search/doc-entry';
import { termsAndPairsOf } from '../search/field-terms';
import type { DocEntry, Field } from '../search/format';
import { similarSignature, type NumberedSignature, type SimilarSignature } from '../related/similar';
import { parseArticle } from '../parse/parse-article';
import type { ArticleRecord, ParseResult, RecordSummary } from '../parse/types';

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
  /** the thread that numbered the terms (node:worker_threads threadId; 0: the main thread) */
  thread: number;
  /** terms this thread had not sent before, in the order of their numbers */
  newTerms: string[];
  pairs: Uint32Array;
  doc: DocEntry;
  /** the similar-articles signature, its terms numbered like the fields' (all of them are terms of the fields too) */
  similar: NumberedSignature;
};

export interface ParseJob {
  index: number;
  /** absolute path */
  file: string;
  /** relative path with `/` */
  source: string;
}

export interface ParseOutcome {
  index: number;
  result: ParseResult;
  /** JSON.stringify(result.record) when there is a cache (the store and the cache write it as is), else null */
  recordText: string | null;
  /** the record's NamedTerms as JSON, for the cache (null: none made or none cached) */
  termsText?: string | null;
  /** with ParseSettings.summaries: the record's summary (result.record is then null) */
  summary?: RecordSummary;
  /** a hit in the pack the load appends to (ParseSettings.appendingTo): its entry there, kept in place (no texts sent) */
  entry?: Entry;
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
    const hit = readCached(settings.cacheDir, key);
    if (hit) {
      const { result, recordText, termsText } = hit;
      const outcome = withTerms({ index: job.index, bytes: bytes.length, cached: true, key, result, recordText, termsText }, settings);
      // the load keeps the entry where it is (the texts need not cross to the main thread), unless
      // the terms were made just now: the entry is then filed anew with them
      if (settings.appendingTo && hit.pack === settings.appendingTo && outcome.termsText === termsText) {
        outcome.entry = hit.entry;
        outcome.recordText = null;
        outcome.termsText = null;
      }
      return summarized(outcome, settings);
    }
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

/** A record's summary: the record with each section reduced to its kind. */
export function summaryOf(record: ArticleRecord): RecordSummary {
  return { ...record, sections: record.sections.map((s) => ({ kind: s.kind })) };
}

/** With ParseSettings.summaries, the record goes as its summary (the terms are made by now). */
function summarized(outcome: ParseOutcome, settings: ParseSettings): ParseOutcome {
  const { record, problems } = outcome.result;
  if (!settings.summaries || !record) return outcome;
  outcome.summary = summaryOf(record);
  outcome.result = { record: null, problems };
  return outcome;
}

function withTerms(outcome: ParseOutcome, settings: ParseSettings): ParseOutcome {
  const record = outcome.result.record;
  if (!record || (!settings.searchTerms && !outcome.termsText)) return outcome;
  let named: NamedTerms | null = null;
  if (outcome.termsText) {
    try { named = JSON.parse(outcome.termsText) as NamedTerms; } catch { named = null; }
  }
  if (!named) {
    named = namedTermsOf(record);
    if (settings.cacheDir) outcome.termsText = JSON.stringify(named);
  }
  if (settings.searchTerms) {
    if (numbering.load !== settings.load) numbering = { load: settings.load, numbers: new Map() };
    outcome.terms = numberTerms(named, numbering.numbers, threadId);
  }
  return outcome;
}

/** This thread's term numbers for the current load (see SearchTerms). */
let numbering: { load: string | undefined; numbers: Map<string, number> } = { load: undefined, numbers: new Map() };

/**
 * A record's search terms by name, as the record cache keeps them (cache.ts): tokenizing every
 * article again was most of a warm build's parse step.
 */
export interface NamedTerms {
  title: string[];
  lead: string[];
  rest: string[];
  /** the word-pair hashes as the bytes of a Uint32Array (this machine's byte order: the cache is local), base64: half the size of a JSON list */
  pairs: string;
  doc: DocEntry;
  similar: SimilarSignature;
}

/** A record's NamedTerms: its field terms (field-terms.ts), word pairs, doc-table row and similar-articles signature. */
export function namedTermsOf(record: ArticleRecord): NamedTerms {
  const { fields, pairs } = termsAndPairsOf(record);
  return {
    title: [...fields.title], lead: [...fields.lead], rest: [...fields.rest],
    pairs: Buffer.from(Uint32Array.from(pairs).buffer).toString('base64'), doc: docEntryOf(record, -1), similar: similarSignature(record),
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
  return { thread, newTerms, title, lead, rest, pairs: pairsOf(named.pairs), doc: named.doc, similar };
}

/** NamedTerms.pairs back to hashes (copied: a decoded buffer need not sit at a 4-byte boundary). */
function pairsOf(base64: string): Uint32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Uint32Array(bytes.length >> 2);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
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
