/**
 * Builds the sharded search index from article records (server-only: writes files).
 * Records stream in through add(); only postings (term → doc numbers) and the small doc table are kept,
 * never full texts. finish() splits the terms into shards by hash and writes each shard as exported
 * FlexSearch indexes (one per field), plus the doc table, the suggestion files and the code table.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Index } from 'flexsearch';
import type { ArticleRecord, ErrorCodeMention } from '../parse/types';
import { buildCitedCodeTable, type CitedCode } from '../error-codes/cited-table';
import { docEntryOf } from './doc-entry';
import { fieldTermsOf, pairHashesOf } from './field-terms';
import {
  FIELDS, FORMAT_VERSION, encodeDocs, encodePairShard, encodeTermChunk, fileNames, flexOptions, idShardOf, prefixShardOf, termShardOf, vocabShardOf,
  type CodeRow, type DocEntry, type Facets, type Field, type PairShard, type SearchMeta, type TermChunk, type TermShard,
} from './format';

/** An article's terms by field and its word-pair hashes (field-terms.ts), and its doc-table row (any product index), when computed elsewhere. */
export type ArticleTerms = Record<Field, Iterable<string>> & { pairs?: Iterable<number>; doc?: DocEntry };

export interface SearchIndexBuilder {
  /** `terms`: the record's fieldTermsOf() and pairHashesOf(), when computed elsewhere (the build's worker threads) */
  add(record: ArticleRecord, terms?: ArticleTerms): void;
  finish(outDir: string): Promise<{ files: number; bytes: number }>;
}

export interface BuildOptions {
  /** a term found in the lead or rest text of more than this share of articles is left out of those fields */
  commonRatio?: number;
  /** below this many articles nothing is left out */
  commonMinDocs?: number;
  /** file counts, when not the defaults for the corpus size (experiments) */
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
  const postings: Record<Field, Map<string, number[]>> = { title: new Map(), lead: new Map(), rest: new Map() };
  const docs: DocEntry[] = [];
  const facets: Facets = { product: [], year: [] };
  const products = new Map<string, number>();
  const mentions: ErrorCodeMention[][] = [];
  // (word pair hash, doc) in the order added: flat typed arrays, 8 bytes a posting (19 M for the archive)
  const pairs = createPairPostings();
  const numbers: number[] = [];

  function add(record: ArticleRecord, terms?: ArticleTerms): void {
    const doc = docs.length;
    const product = record.products[0];
    let productIndex = -1;
    if (product !== undefined) {
      productIndex = products.get(product) ?? products.size;
      products.set(product, productIndex);
    }
    const entry: DocEntry = terms?.doc ? [...terms.doc] : docEntryOf(record, productIndex);
    entry[3] = productIndex; // the row's product index: known only here, in the order products are met
    docs.push(entry);
    facets.product.push(productIndex);
    facets.year.push(record.lastModified ? Number(record.lastModified.slice(0, 4)) || 0 : 0);
    const fields = terms ?? fieldTermsOf(record);
    for (const field of FIELDS) {
      const map = postings[field];
      for (const term of fields[field]) {
        const list = map.get(term);
        if (list) list.push(doc);
        else map.set(term, [doc]);
      }
    }
    for (const hash of terms?.pairs ?? pairHashesOf(record)) pairs.add(hash, doc);
    if (record.number !== null) numbers.push(record.number);
    // only what the cited-code table needs: spellings and places would grow with the corpus
    if (record.errorCodes.length > 0) mentions.push(record.errorCodes.map((c) => ({ ...c, spellings: [], where: c.where.includes('title') ? ['title'] : [] })));
  }

  async function finish(outDir: string): Promise<{ files: number; bytes: number }> {
    const total = docs.length;
    const shards = options.termFiles ?? termShardCount(total);
    const docsPerShard = docsPerShardFor(total);
    const vocabulary = vocabularyOf(postings);
    const commonTerms = dropCommonTerms(postings, total, options);
    const ratio = options.commonRatio ?? 0.1;
    const maxPairDocs = total < (options.commonMinDocs ?? 2000) ? Infinity : total * ratio;
    const commonPairs: number[] = [];
    const titleVocabulary = [...postings.title].filter(([t]) => /^[a-z0-9]/.test(t) && !/^q\d+$/.test(t));
    const prefixShards = Math.min(256, Math.max(1, Math.ceil(titleVocabulary.length / 300)));

    // Every file but meta.json goes into a folder named by a hash of their contents (meta.build): a
    // reader holding an older meta.json never combines it with a newer build's files.
    const staging = path.join(outDir, `.staging-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    const contents = createHash('sha1');
    let files = 0;
    let bytes = 0;
    const folders = new Set<string>();
    // up to 32 writes in flight: the file system works while this thread builds the next shard
    // (~10,000 files, each awaited in turn, spent seconds waiting)
    const pending = new Set<Promise<void>>();
    const write = async (name: string, value: unknown) => {
      const text = JSON.stringify(value);
      const file = path.join(staging, name);
      const folder = path.dirname(file);
      if (!folders.has(folder)) { mkdirSync(folder, { recursive: true }); folders.add(folder); }
      const written: Promise<void> = writeFile(file, text).then(() => { pending.delete(written); });
      pending.add(written);
      if (pending.size >= 32) await Promise.race(pending);
      contents.update(`${name}\0${text}\0`);
      files++;
      bytes += Buffer.byteLength(text);
    };

    const byShard = groupByShard(postings, shards);
    for (let n = 0; n < shards; n++) {
      await write(fileNames.terms(n), await exportShard(byShard[n]!));
      byShard[n] = undefined; // let the shard's postings go once written
    }
    for (let n = 0; n * docsPerShard < total || n === 0; n++) {
      await write(fileNames.docs(n), docs.slice(n * docsPerShard, (n + 1) * docsPerShard));
    }
    const prefixes: [string, number][][] = Array.from({ length: prefixShards }, () => []);
    for (const [term, list] of titleVocabulary) prefixes[prefixShardOf(term, prefixShards)]!.push([term, list.length]);
    for (let n = 0; n < prefixShards; n++) {
      await write(fileNames.prefix(n), prefixes[n]!.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
    }
    // word pairs: as many files as term files, each pair's docs as base-36 gaps; the pairs more
    // than `commonRatio` of the articles have are left out (their hashes go to the meta file, so
    // the query knows it cannot check them)
    const pairShards = options.pairFiles ?? pairShardCount(total);
    for (const [n, shard] of pairs.byShard(pairShards, maxPairDocs, commonPairs)) await write(fileNames.pairs(n), shard);
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
    await Promise.all(pending);
    const build = contents.digest('hex').slice(0, 12);
    for (const entry of await readdir(outDir)) {
      if (entry !== fileNames.meta && entry !== path.basename(staging)) await rm(path.join(outDir, entry), { recursive: true, force: true });
    }
    await rename(staging, path.join(outDir, build));
    const meta: SearchMeta = {
      version: FORMAT_VERSION, build, docs: total, termShards: shards, docsPerShard, prefixShards,
      products: [...products.keys()], years: [...new Set(facets.year)].filter((y) => y > 0).sort((a, b) => a - b), commonTerms,
      pairShards, commonPairs: commonPairs.sort((a, b) => a - b), vocabShards, idShards,
    };
    const metaText = JSON.stringify(meta);
    await writeFile(path.join(outDir, fileNames.meta), metaText);
    return { files: files + 1, bytes: bytes + Buffer.byteLength(metaText) };
  }

  return { add, finish };
}

/**
 * Leaves terms that most articles have (`microsoft`, `windows`, `error`) out of the lead and rest fields:
 * their postings would make every query that touches their shard heavy, and they barely narrow a search.
 * They stay in titles; the query treats them as optional (see README).
 */
function dropCommonTerms(postings: Record<Field, Map<string, number[]>>, total: number, options: BuildOptions): string[] {
  const ratio = options.commonRatio ?? 0.1;
  if (total < (options.commonMinDocs ?? 2000)) return [];
  const dropped = new Set<string>();
  for (const [term, list] of postings.lead) {
    if (list.length + (postings.rest.get(term)?.length ?? 0) > total * ratio) dropped.add(term);
  }
  for (const [term, list] of postings.rest) {
    if (list.length + (postings.lead.get(term)?.length ?? 0) > total * ratio) dropped.add(term);
  }
  for (const term of dropped) {
    postings.lead.delete(term);
    postings.rest.delete(term);
  }
  return [...dropped].sort();
}

/**
 * Word-pair postings as two growing typed arrays (hash, doc), docs ascending as added. byShard()
 * groups them by file (hash modulo the count, a stable counting sort), then by hash within a file,
 * and yields each file's PairShard; pairs with more than `maxDocs` docs go to `common` instead.
 */
function createPairPostings() {
  // filled chunks of 1 M postings, then one exact-size pair of arrays at byShard(): growing one array
  // by doubling held up to 3× the postings at once (the archive's 19 M: ~400 MB at the last copy)
  const CHUNK = 1 << 20;
  const full: [Uint32Array, Uint32Array][] = [];
  let chunkHashes = new Uint32Array(CHUNK);
  let chunkDocs = new Uint32Array(CHUNK);
  let filled = 0;
  let hashes = new Uint32Array(0);
  let docs = new Uint32Array(0);
  let size = 0;
  return {
    add(hash: number, doc: number): void {
      if (filled === CHUNK) {
        full.push([chunkHashes, chunkDocs]);
        chunkHashes = new Uint32Array(CHUNK);
        chunkDocs = new Uint32Array(CHUNK);
        filled = 0;
      }
      chunkHashes[filled] = hash;
      chunkDocs[filled] = doc;
      filled++;
      size++;
    },
    *byShard(shards: number, maxDocs: number, common: number[]): Generator<[number, PairShard]> {
      // a stable radix sort of the (hash, doc) pairs themselves, least significant digit first (the
      // hash's bits 0-10, 11-21, 22-31, then its file): every posting of one file together, by hash
      // within it, docs ascending within a hash as added. Linear and sequential in memory: sorting
      // the archive's 19 M postings took ~15 s with a comparator, ~2 s so.
      hashes = new Uint32Array(size);
      docs = new Uint32Array(size);
      full.push([chunkHashes.subarray(0, filled), chunkDocs.subarray(0, filled)]);
      for (let at = 0; full.length > 0;) {
        const [h, d] = full.shift() as [Uint32Array, Uint32Array];
        hashes.set(h, at);
        docs.set(d, at);
        at += h.length;
      }
      chunkHashes = chunkDocs = new Uint32Array(0);
      let toHashes = new Uint32Array(size);
      let toDocs = new Uint32Array(size);
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
      hashes = new Uint32Array(0);
      docs = new Uint32Array(0);
      size = 0;
    },
  };
}

/** Words of 4 to 24 letters and how many articles have them, for typo correction (numbers, codes and IDs never). */
function vocabularyOf(postings: Record<Field, Map<string, number[]>>): [string, number][] {
  const count = new Map<string, number>();
  for (const field of FIELDS) {
    for (const [term, list] of postings[field]) {
      if (term.length >= 4 && term.length <= 24 && /^[a-z]+$/.test(term)) count.set(term, (count.get(term) ?? 0) + list.length);
    }
  }
  // a word seen in one article only is as likely a typo as a word: kept when a title has it
  return [...count].filter(([term, n]) => n > 1 || postings.title.has(term));
}

/** The browser's row of a cited code; the key is left out when it is the usual `family/name`. */
function codeRowOf(code: CitedCode): CodeRow {
  const row: CodeRow = [code.name, code.family, code.value, code.articles];
  if (code.key !== `${code.family}/${code.name.toLowerCase()}`) row.push(code.key);
  return row;
}

type ShardPostings = Record<Field, [string, number[]][]>;

function groupByShard(postings: Record<Field, Map<string, number[]>>, shards: number): (ShardPostings | undefined)[] {
  const out: (ShardPostings | undefined)[] = Array.from({ length: shards }, () => ({ title: [], lead: [], rest: [] }));
  for (const field of FIELDS) {
    for (const entry of postings[field]) out[termShardOf(entry[0], shards)]![field].push(entry);
    postings[field].clear();
  }
  return out;
}

/** Feeds one shard's postings to FlexSearch, one index per field, and keeps only the exported maps. */
async function exportShard(shard: ShardPostings): Promise<TermShard> {
  const out: TermShard = {};
  for (const field of FIELDS) {
    if (shard[field].length === 0) continue;
    const termsByDoc = new Map<number, string[]>();
    for (const [term, list] of shard[field]) {
      for (const doc of list) {
        const terms = termsByDoc.get(doc);
        if (terms) terms.push(term);
        else termsByDoc.set(doc, [term]);
      }
    }
    const index = new Index(flexOptions);
    for (const [doc, terms] of [...termsByDoc].sort((a, b) => a[0] - b[0])) index.add(doc, terms.join(' '));
    const chunks: TermChunk[] = [];
    await index.export((key: string, data: string) => {
      if (key.endsWith('map')) chunks.push(encodeTermChunk(JSON.parse(data) as [string, number[][]][]));
    });
    out[field] = chunks;
  }
  return out;
}
