/**
 * Builds the sharded search index from article records (server-only: writes files).
 * Records stream in through add(); only postings (term → doc numbers) and the small doc table are kept,
 * never full texts. finish() splits the terms into shards by hash and writes each shard as exported
 * FlexSearch indexes (one per field), plus the doc table, the suggestion files and the code table.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleRecord, ErrorCodeMention, RecordSummary } from '../parse/types';
import { buildCitedCodeTable, type CitedCode } from '../error-codes/cited-table';
import { docEntryOf } from './doc-entry';
import { exportShard, type ShardPayload } from './export-shard';
import { fieldTermsOf, pairHashesOf } from './field-terms';
import {
  FIELDS, FILES_PER_HASH, FORMAT_VERSION, HASH_CHARS, contentName, encodeDocs, encodePairShard, encodeTermChunk, fileNames, flexOptions, idShardOf, prefixShardOf, termShardOf, vocabShardOf,
  type CodeRow, type DocEntry, type Facets, type Field, type PairShard, type SearchMeta, type TermChunk, type TermShard,
} from './format';

/**
 * An article's terms when computed elsewhere (the build's parse workers, lib/build/load-parse-one.ts):
 * by field as numbers of the thread that computed them, with the terms that thread names for the
 * first time (`newTerms`, numbered on from what it sent before), its word-pair hashes and its doc-table
 * row (any product index).
 */
export interface NumberedTerms extends Record<Field, ArrayLike<number>> {
  thread: number;
  newTerms: readonly string[];
  pairs: ArrayLike<number>;
  doc: DocEntry;
}

export interface SearchIndexBuilder {
  /** `terms`: the record's terms when computed elsewhere (the build's worker threads; the record's summary is then enough); else computed here */
  add(record: ArticleRecord, terms?: NumberedTerms): void;
  add(record: RecordSummary, terms: NumberedTerms): void;
  /** the new terms of a record that is not added (a duplicate): later records may name them by number */
  learn(terms: NumberedTerms): void;
  /** `written`: the files whose bytes changed (the rest kept their names and were not touched) */
  finish(outDir: string, exporter?: ShardExporter): Promise<{ files: number; bytes: number; written: number }>;
}

/**
 * Makes term files' texts (exportShard of export-shard.ts) elsewhere, up to `ahead` at a time: the
 * build's worker threads (lib/build/shard-export.ts). finish() makes them here, one at a time, without one.
 */
export interface ShardExporter {
  export(shard: ShardPayload): Promise<string>;
  ahead: number;
}

export interface BuildOptions {
  /** a term found in the lead or rest text of more than this share of articles is left out of those fields */
  commonRatio?: number;
  /** below this many articles nothing is left out */
  commonMinDocs?: number;
  /** file counts, when not the defaults for the corpus size (tests, layout experiments) */
  termFiles?: number;
  pairFiles?: number;
  vocabFiles?: number;
}

/**
 * Term files for a corpus size: about 44 articles' worth of postings per file, 1 … 4096 files.
 * A query fetches one term file per word, one pair file per word pair and one doc-table file per
 * result shown; the three counts share the index's budget of files (issue 15: at most 6,000 for
 * the archive) in the proportions that cost a query the fewest bytes, measured on the archive:
 * 60,335 articles give 1,372 term, 2,414 pair and 1,886 doc-table files (see lib/search/README.md).
 */
export function termShardCount(docs: number): number {
  return Math.min(4096, Math.max(1, Math.ceil(docs / 44)));
}

/** Word-pair files for a corpus size: about 25 articles' worth of pairs per file (see termShardCount). */
export function pairShardCount(docs: number): number {
  return Math.min(4096, Math.max(1, Math.ceil(docs / 25)));
}

/** Articles per doc-table file: small enough that a page of 10 results fetches little. */
export function docsPerShardFor(docs: number): number {
  return docs <= 200 ? Math.max(1, docs) : 32;
}

/** Starts an index build; see SearchIndexBuilder. */
export function createSearchIndexBuilder(options: BuildOptions = {}): SearchIndexBuilder {
  const terms = createTermPostings();
  const docs: DocEntry[] = [];
  const facets: Facets = { product: [], year: [] };
  const products = new Map<string, number>();
  const mentions: ErrorCodeMention[][] = [];
  // (word pair hash, doc) in the order added: flat typed arrays, 8 bytes a posting (19 M for the archive)
  const pairs = createPostingChunks();
  const numbers: number[] = [];

  function add(summary: RecordSummary, numbered?: NumberedTerms): void {
    // without terms given, the full record's sections are read (the overloads promise a record then)
    const record = summary as ArticleRecord;
    const doc = docs.length;
    const product = summary.products[0];
    let productIndex = -1;
    if (product !== undefined) {
      productIndex = products.get(product) ?? products.size;
      products.set(product, productIndex);
    }
    const entry: DocEntry = numbered ? [...numbered.doc] : docEntryOf(record, productIndex);
    entry[3] = productIndex; // the row's product index: known only here, in the order products are met
    docs.push(entry);
    facets.product.push(productIndex);
    facets.year.push(summary.lastModified ? Number(summary.lastModified.slice(0, 4)) || 0 : 0);
    if (numbered) {
      const ours = terms.learn(numbered.thread, numbered.newTerms);
      for (const field of FIELDS) terms.add(field, numbered[field], doc, ours);
    } else {
      const named = fieldTermsOf(record);
      for (const field of FIELDS) terms.add(field, Array.from(named[field], terms.numberOf), doc);
    }
    for (const hash of numbered ? Array.from(numbered.pairs) : pairHashesOf(record)) pairs.add(hash, doc);
    if (summary.number !== null) numbers.push(summary.number);
    // only what the cited-code table needs: spellings and places would grow with the corpus
    if (summary.errorCodes.length > 0) mentions.push(summary.errorCodes.map((c) => ({ ...c, spellings: [], where: c.where.includes('title') ? ['title'] : [] })));
  }

  async function finish(outDir: string, exporter: ShardExporter = { export: exportShard, ahead: 1 }): Promise<{ files: number; bytes: number; written: number }> {
    const total = docs.length;
    const shards = options.termFiles ?? termShardCount(total);
    const docsPerShard = docsPerShardFor(total);
    const postings = terms.seal();
    const vocabulary = vocabularyOf(postings);
    const commonTerms = dropCommonTerms(postings, total, options);
    const ratio = options.commonRatio ?? 0.1;
    const maxPairDocs = total < (options.commonMinDocs ?? 2000) ? Infinity : total * ratio;
    const commonPairs: number[] = [];
    const titleVocabulary = postings.named('title').filter(([t]) => /^[a-z0-9]/.test(t) && !/^q\d+$/.test(t));
    const prefixShards = Math.min(256, Math.max(1, Math.ceil(titleVocabulary.length / 300)));

    // Every file but meta.json is named by a hash of its bytes (and its group's: FILES_PER_HASH; meta.files lists them): a reader
    // holding an older meta.json asks for the older names and never gets this build's bytes, and a
    // file whose bytes did not change keeps its name and is not written again. New files first,
    // then meta.json, then the files no longer listed go.
    const existing = new Set(await listFiles(outDir));
    const kept = new Set<string>();
    const hashes: Record<string, string[]> = {};
    const contents = createHash('sha1');
    let files = 0;
    let bytes = 0;
    let written = 0;
    const folders = new Set<string>();
    // up to 32 writes in flight: the file system works while this thread builds the next shard
    // (~6,000 files, each awaited in turn, spent seconds waiting)
    const pending = new Set<Promise<void>>();
    const hashOf = (texts: string[]) => {
      const h = createHash('sha1');
      for (const text of texts) h.update(`${text}\0`);
      return h.digest('hex').slice(0, HASH_CHARS);
    };
    // a folder's files FILES_PER_HASH at a time under one hash of their joint bytes (files come in order)
    const groups = new Map<string, { group: number; items: [string, string][] }>();
    const flush = async (kind: string) => {
      const open = groups.get(kind);
      if (!open) return;
      groups.delete(kind);
      const hash = hashOf(open.items.map(([, text]) => text));
      (hashes[kind] ??= [])[open.group] = hash;
      for (const [name, text] of open.items) await emit(name, text, hash);
    };
    const write = async (name: string, value: unknown) => writeText(name, JSON.stringify(value));
    const writeText = async (name: string, text: string) => {
      const slash = name.indexOf('/');
      if (slash < 0) {
        const hash = hashOf([text]);
        hashes[name] = [hash];
        return emit(name, text, hash);
      }
      const kind = name.slice(0, slash);
      const group = Math.floor(Number(name.slice(slash + 1, -'.json'.length)) / FILES_PER_HASH);
      if (groups.get(kind)?.group !== group) await flush(kind);
      const open = groups.get(kind) ?? { group, items: [] };
      groups.set(kind, open);
      open.items.push([name, text]);
      if (open.items.length === FILES_PER_HASH) await flush(kind);
    };
    const emit = async (name: string, text: string, hash: string) => {
      const stored = contentName(name, hash);
      kept.add(stored);
      const file = path.join(outDir, stored);
      const folder = path.dirname(file);
      if (!folders.has(folder)) { mkdirSync(folder, { recursive: true }); folders.add(folder); }
      // a file of that name holds these bytes unless two contents share a hash: compared, not trusted
      const same = existing.has(stored) ? readFile(file, 'utf8').then((old) => old === text, () => false) : Promise.resolve(false);
      const done: Promise<void> = same.then((unchanged) => {
        if (unchanged) return undefined;
        written++;
        return writeFile(file, text);
      }).then(() => { pending.delete(done); });
      pending.add(done);
      if (pending.size >= 32) await Promise.race(pending);
      contents.update(`${stored}\0`);
      files++;
      bytes += Buffer.byteLength(text);
    };

    // the term files are independent: up to `ahead` of them are made at once (on the build's worker
    // threads when it passes an exporter), and written in order
    const byShard = postings.byShard(shards);
    const made: Promise<string>[] = [];
    for (let n = 0; n < shards; n++) {
      for (let k = made.length; k < Math.min(shards, n + exporter.ahead); k++) made.push(exporter.export(byShard.shard(k)));
      await writeText(fileNames.terms(n), await made[n]!);
      made[n] = Promise.resolve('');
    }
    postings.release(); // the term postings go before the pair postings are sorted

    for (let n = 0; n * docsPerShard < total || n === 0; n++) {
      await write(fileNames.docs(n), docs.slice(n * docsPerShard, (n + 1) * docsPerShard));
    }
    const prefixes: [string, number][][] = Array.from({ length: prefixShards }, () => []);
    for (const [term, count] of titleVocabulary) prefixes[prefixShardOf(term, prefixShards)]!.push([term, count]);
    for (let n = 0; n < prefixShards; n++) {
      await write(fileNames.prefix(n), prefixes[n]!.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
    }
    // word pairs: each file one string of keys and docs as base-36 gaps (PairShard); the pairs more
    // than `commonRatio` of the articles have are left out (their hashes go to the meta file, so
    // the query knows it cannot check them)
    const pairShards = options.pairFiles ?? pairShardCount(total);
    for (const [n, shard] of pairShardsOf(pairs.take(), pairShards, maxPairDocs, commonPairs)) await write(fileNames.pairs(n), shard);
    // the vocabulary for typo correction, each word filed by its first two and by its last two letters
    const vocabShards = options.vocabFiles ?? Math.min(256, Math.max(1, Math.ceil(vocabulary.length / 400)));
    const vocabGroups: [string, number][][] = Array.from({ length: vocabShards }, () => []);
    for (const entry of vocabulary) {
      const head = vocabShardOf('head', entry[0].slice(0, 2), vocabShards);
      const tail = vocabShardOf('tail', entry[0].slice(-2), vocabShards);
      vocabGroups[head]!.push(entry);
      if (tail !== head) vocabGroups[tail]!.push(entry);
    }
    for (let n = 0; n < vocabShards; n++) await write(fileNames.vocab(n), vocabGroups[n]!.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
    // article numbers by their first three digits, for completions of `Q155…`
    const idShards = Math.min(256, Math.max(1, Math.ceil(numbers.length / 2000)));
    const idGroups: number[][] = Array.from({ length: idShards }, () => []);
    for (const number of new Set(numbers)) idGroups[idShardOf(String(number).slice(0, 3), idShards)]!.push(number);
    for (let n = 0; n < idShards; n++) await write(fileNames.ids(n), encodeDocs(idGroups[n]!.sort((a, b) => a - b)));
    await write(fileNames.facets, facets);
    await write(fileNames.codes, buildCitedCodeTable(mentions).map(codeRowOf));
    for (const kind of [...groups.keys()]) await flush(kind);
    await Promise.all(pending);
    const build = contents.digest('hex').slice(0, 12);
    const listed: Record<string, string> = {};
    for (const [kind, list] of Object.entries(hashes)) listed[kind] = list.join('');
    const meta: SearchMeta = {
      version: FORMAT_VERSION, build, files: listed, docs: total, termShards: shards, docsPerShard, prefixShards,
      products: [...products.keys()], years: [...new Set(facets.year)].filter((y) => y > 0).sort((a, b) => a - b), commonTerms,
      pairShards, commonPairs: commonPairs.sort((a, b) => a - b), vocabShards, idShards,
    };
    const metaText = JSON.stringify(meta);
    const metaFile = path.join(outDir, fileNames.meta);
    await writeFile(`${metaFile}.${process.pid}.tmp`, metaText);
    await rename(`${metaFile}.${process.pid}.tmp`, metaFile);
    // what meta.json no longer lists (older builds' files and folders) goes
    for (const name of existing) if (name !== fileNames.meta && !kept.has(name)) await rm(path.join(outDir, name), { force: true });
    await removeEmptyFolders(outDir);
    return { files: files + 1, bytes: bytes + Buffer.byteLength(metaText), written: written + 1 };
  }

  return { add, learn: (numbered) => { terms.learn(numbered.thread, numbered.newTerms); }, finish };
}

/**
 * Leaves terms that most articles have (`microsoft`, `windows`, `error`) out of the lead and rest fields:
 * their postings would make every query that touches their shard heavy, and they barely narrow a search.
 * They stay in titles; the query treats them as optional (see README).
 */
function dropCommonTerms(postings: SealedTerms, total: number, options: BuildOptions): string[] {
  const ratio = options.commonRatio ?? 0.1;
  if (total < (options.commonMinDocs ?? 2000)) return [];
  const dropped: string[] = [];
  for (let n = 0; n < postings.names.length; n++) {
    if (postings.count('lead', n) + postings.count('rest', n) > total * ratio) {
      postings.drop(n);
      dropped.push(postings.names[n]!);
    }
  }
  return dropped.sort();
}

/**
 * (key, doc) postings in the order added, docs ascending: the keys in filled chunks of 1 M, the docs
 * as runs (where each doc's postings start: they come one doc after another), joined into one
 * exact-size pair of arrays by take(). Keeping a doc per posting doubled the memory of the archive's
 * 39 M postings while the articles were read; growing one array by doubling held up to 3× the
 * postings at once.
 */
function createPostingChunks() {
  const CHUNK = 1 << 20;
  const full: Uint32Array[] = [];
  let keys = new Uint32Array(CHUNK);
  let filled = 0;
  let size = 0;
  // [first posting, doc] of each doc's run
  const runs: number[] = [];
  let lastDoc = -1;
  return {
    add(key: number, doc: number): void {
      if (filled === CHUNK) {
        full.push(keys);
        keys = new Uint32Array(CHUNK);
        filled = 0;
      }
      if (doc !== lastDoc) {
        if (doc < lastDoc) throw new Error('search index: postings must come in doc order');
        runs.push(size, doc);
        lastDoc = doc;
      }
      keys[filled] = key;
      filled++;
      size++;
    },
    /** every posting, in the order added; the chunks are let go */
    take(): { keys: Uint32Array; docs: Uint32Array } {
      const out = { keys: new Uint32Array(size), docs: new Uint32Array(size) };
      full.push(keys.subarray(0, filled));
      for (let at = 0; full.length > 0;) {
        const k = full.shift() as Uint32Array;
        out.keys.set(k, at);
        at += k.length;
      }
      for (let r = 0; r < runs.length; r += 2) out.docs.fill(runs[r + 1]!, runs[r]!, r + 2 < runs.length ? runs[r + 2]! : size);
      keys = new Uint32Array(0);
      filled = size = 0;
      runs.length = 0;
      lastDoc = -1;
      return out;
    },
  };
}

/**
 * Word-pair postings by file (hash modulo the count), then by hash within a file, as each file's
 * PairShard; pairs with more than `maxDocs` docs go to `common` instead.
 */
function* pairShardsOf(postings: { keys: Uint32Array; docs: Uint32Array }, shards: number, maxDocs: number, common: number[]): Generator<[number, PairShard]> {
  // a stable radix sort of the (hash, doc) pairs themselves, least significant digit first (the
  // hash's bits 0-10, 11-21, 22-31, then its file): every posting of one file together, by hash
  // within it, docs ascending within a hash as added. Linear and sequential in memory: sorting
  // the archive's 19 M postings took ~15 s with a comparator, ~2 s so.
  let { keys: hashes, docs } = postings;
  const size = hashes.length;
  let toHashes: Uint32Array = new Uint32Array(size);
  let toDocs: Uint32Array = new Uint32Array(size);
  const pass = (buckets: number, digit: (hash: number) => number): void => {
    const starts = new Uint32Array(buckets + 1);
    for (let i = 0; i < size; i++) starts[digit(hashes[i]!) + 1]!++;
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
    for (let i = 0; i < size; i++) {
      const at = starts[digit(hashes[i]!)]!++;
      toHashes[at] = hashes[i]!;
      toDocs[at] = docs[i]!;
    }
    [hashes, toHashes] = [toHashes, hashes];
    [docs, toDocs] = [toDocs, docs];
  };
  pass(2048, (h) => h & 2047);
  pass(2048, (h) => (h >>> 11) & 2047);
  pass(1024, (h) => h >>> 22);
  pass(shards, (h) => h % shards);
  toHashes = toDocs = new Uint32Array(0);
  let i = 0;
  for (let n = 0; n < shards; n++) {
    const entries: [number, number[]][] = [];
    while (i < size && hashes[i]! % shards === n) {
      const hash = hashes[i]!;
      let j = i;
      while (j < size && hashes[j] === hash) j++;
      if (j - i > maxDocs) common.push(hash);
      else {
        const list: number[] = [];
        for (let k = i; k < j; k++) list.push(docs[k]!);
        entries.push([Math.floor(hash / shards), list]);
      }
      i = j;
    }
    yield [n, encodePairShard(entries)];
  }
}

/** The term postings once every article is in: counts, drops and shards by term number (createTermPostings). */
interface SealedTerms {
  /** every term's text by its number */
  names: readonly string[];
  /** how many articles have term n in the field */
  count(field: Field, n: number): number;
  /** the field's terms with their counts, in the order they first came */
  named(field: Field): [string, number][];
  /** leaves term n out of the lead and rest fields */
  drop(n: number): void;
  /** the terms grouped by shard (termShardOf); each shard's postings are made when asked for, once */
  byShard(shards: number): { shard(n: number): ShardPayload };
  /** lets the postings go */
  release(): void;
}

/**
 * The three fields' term postings by term number: each distinct term's text is kept once (`names`),
 * each posting is a (term number, doc) pair in typed arrays. Filing 20 M postings by their text into
 * maps of arrays took ~18 s of the archive's build and most of its garbage collection. Each field also
 * keeps the order its terms first came in: FlexSearch scores a term by its place in an article's text,
 * and the text it gets lists the article's terms in that order (as the maps this replaces did).
 */
function createTermPostings() {
  const names: string[] = [];
  const numbers = new Map<string, number>();
  // by thread: the thread's term number → ours
  const threads = new Map<number, number[]>();
  const fields = {} as Record<Field, { postings: ReturnType<typeof createPostingChunks>; seen: Uint8Array; order: number[] }>;
  for (const field of FIELDS) fields[field] = { postings: createPostingChunks(), seen: new Uint8Array(1 << 16), order: [] };

  const numberOf = (term: string): number => {
    let n = numbers.get(term);
    if (n === undefined) {
      n = names.length;
      numbers.set(term, n);
      names.push(term);
    }
    return n;
  };

  return {
    numberOf,
    /** files a thread's new terms; returns its numbers → ours */
    learn(thread: number, newTerms: readonly string[]): number[] {
      let ours = threads.get(thread);
      if (!ours) threads.set(thread, (ours = []));
      for (const term of newTerms) ours.push(numberOf(term));
      return ours;
    },
    /** the doc has these terms in the field: our numbers, or a thread's numbers with its map to ours */
    add(field: Field, list: ArrayLike<number>, doc: number, ours?: readonly number[]): void {
      const f = fields[field];
      for (let i = 0; i < list.length; i++) {
        const n = ours ? ours[list[i]!] : list[i];
        if (n === undefined) throw new Error(`search index: term number ${list[i]} was never named by its thread`);
        if (n >= f.seen.length) {
          const seen = new Uint8Array(Math.max(n + 1, f.seen.length * 2));
          seen.set(f.seen);
          f.seen = seen;
        }
        if (f.seen[n] === 0) {
          f.seen[n] = 1;
          f.order.push(n);
        }
        f.postings.add(n, doc);
      }
    },
    seal(): SealedTerms {
      numbers.clear();
      threads.clear();
      const total = names.length;
      const dropped = new Uint8Array(total);
      // per field, a counting sort by term number: term n's docs are sorted[starts[n] … starts[n + 1]), ascending
      const sealed = {} as Record<Field, { starts: Uint32Array; sorted: Uint32Array; order: number[] }>;
      for (const field of FIELDS) {
        const { keys, docs } = fields[field].postings.take();
        const starts = new Uint32Array(total + 1);
        for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
        for (let n = 0; n < total; n++) starts[n + 1]! += starts[n]!;
        const at = starts.slice(0, total);
        const sorted = new Uint32Array(keys.length);
        for (let i = 0; i < keys.length; i++) sorted[at[keys[i]!]!++] = docs[i]!;
        sealed[field] = { starts, sorted, order: fields[field].order };
        fields[field].seen = new Uint8Array(0);
      }
      const count = (field: Field, n: number): number =>
        field !== 'title' && dropped[n] === 1 ? 0 : sealed[field].starts[n + 1]! - sealed[field].starts[n]!;
      return {
        names,
        count,
        named: (field) => sealed[field].order.filter((n) => count(field, n) > 0).map((n) => [names[n]!, count(field, n)]),
        drop(n) { dropped[n] = 1; },
        byShard(shards) {
          const ids = {} as Record<Field, number[][]>;
          const shardOf = new Uint32Array(total);
          for (let n = 0; n < total; n++) shardOf[n] = termShardOf(names[n]!, shards);
          for (const field of FIELDS) {
            ids[field] = Array.from({ length: shards }, () => []);
            for (const n of sealed[field].order) if (count(field, n) > 0) ids[field][shardOf[n]!]!.push(n);
          }
          return {
            shard(k) {
              const out = {} as ShardPayload;
              for (const field of FIELDS) {
                const { starts, sorted } = sealed[field];
                const list = ids[field][k]!;
                const counts = new Uint32Array(list.length);
                let size = 0;
                list.forEach((n, i) => { size += counts[i] = starts[n + 1]! - starts[n]!; });
                const docs = new Uint32Array(size);
                let at = 0;
                for (const n of list) {
                  docs.set(sorted.subarray(starts[n]!, starts[n + 1]!), at);
                  at += starts[n + 1]! - starts[n]!;
                }
                out[field] = { terms: list.map((n) => names[n]!), counts, docs };
                ids[field][k] = [];
              }
              return out;
            },
          };
        },
        release() {
          for (const field of FIELDS) sealed[field] = { starts: new Uint32Array(1), sorted: new Uint32Array(0), order: [] };
          names.length = 0;
        },
      };
    },
  };
}

/** Words of 4 to 24 letters and how many articles have them, for typo correction (numbers, codes and IDs never). */
function vocabularyOf(postings: SealedTerms): [string, number][] {
  const out: [string, number][] = [];
  postings.names.forEach((term, n) => {
    if (term.length < 4 || term.length > 24 || !/^[a-z]+$/.test(term)) return;
    const title = postings.count('title', n);
    const all = title + postings.count('lead', n) + postings.count('rest', n);
    // a word seen in one article only is as likely a typo as a word: kept when a title has it
    if (all > 1 || title > 0) out.push([term, all]);
  });
  return out;
}

/** The browser's row of a cited code; the key is left out when it is the usual `family/name`. */
function codeRowOf(code: CitedCode): CodeRow {
  const row: CodeRow = [code.name, code.family, code.value, code.articles];
  if (code.key !== `${code.family}/${code.name.toLowerCase()}`) row.push(code.key);
  return row;
}

/** Every file below `dir`, as paths relative to it with `/` ([] when there is no such folder). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Removes the folders below `dir` that hold nothing (an older build's folder, once its files went). */
async function removeEmptyFolders(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    await removeEmptyFolders(sub);
    if ((await readdir(sub)).length === 0) await rmdir(sub);
  }
}
