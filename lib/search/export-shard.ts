/**
 * The term and word-pair files of the search index from their postings: for a term file FlexSearch
 * is fed each article's terms of the shard, one index per field, and only the exported maps are kept;
 * a pair file is its postings sorted by pair and encoded (server-only). Its own module so that the
 * build can run it on worker threads (lib/build/shard-export.ts): the files are independent, and
 * making them was most of the index step, on one core.
 */
import { Index } from 'flexsearch';
import { FIELDS, encodeDocs, encodePairShard, encodeTermChunk, flexOptions, type Field, type PairShard, type TermChunk, type TermShard } from './format';

/**
 * A term file's postings, by field: its terms in the order they reach FlexSearch, how many articles
 * each has, and those articles (ascending) one term after another. Typed arrays, so that handing it
 * to a worker thread copies no lists of numbers.
 */
export type ShardPayload = Record<Field, { terms: string[]; counts: Uint32Array; docs: Uint32Array }>;

/** The term file's JSON text (a TermShard). */
export async function exportShard(shard: ShardPayload): Promise<string> {
  const out: TermShard = {};
  for (const field of FIELDS) {
    const { terms, counts, docs } = shard[field];
    if (terms.length === 0) continue;
    out[field] = directMap(terms, counts, docs) ?? await flexMap(terms, counts, docs);
  }
  return JSON.stringify(out);
}

// FlexSearch's export cuts its map into chunks of this many entries times this many docs, divided by
// the docs in the index (src/serialize.js: chunk_size_map, chunk_size_reg)
const FLEX_CHUNK_ENTRIES = 5000;
const FLEX_CHUNK_DOCS = 250000;

/**
 * One field's exported map as FlexSearch gives it (flexMap), made straight from the postings: ~10×
 * faster, and the term files were most of the index step (a cold build, and every rebuild that
 * renumbers the articles). With flexOptions (`tokenize: 'strict'`, `resolution: 1`, no context, our
 * `encode`) an Index files each term of an added text once, in one slot: its map lists each term with
 * [its docs in the order added], terms in the order first added (docs come ascending, a doc's terms
 * in the payload's order: by their first doc, then by their place in the payload), and its export
 * cuts the map into chunks of 5000 × 250000 / (docs added) entries. A term FlexSearch would read
 * otherwise (empty, or with a space: two words) sends the field to FlexSearch itself (null).
 * tests/unit/export-shard.test.ts holds the two to the same bytes.
 */
function directMap(terms: readonly string[], counts: Uint32Array, docs: Uint32Array): TermChunk[] | null {
  const starts = new Uint32Array(terms.length + 1);
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!;
    if (term === '' || term.includes(' ')) return null;
    starts[t + 1] = starts[t]! + counts[t]!;
  }
  const order: number[] = [];
  for (let t = 0; t < terms.length; t++) if (counts[t]! > 0) order.push(t);
  order.sort((a, b) => docs[starts[a]!]! - docs[starts[b]!]! || a - b);
  const added = new Set<number>();
  for (let i = 0; i < starts[terms.length]!; i++) added.add(docs[i]!);
  const size = (FLEX_CHUNK_ENTRIES * (FLEX_CHUNK_DOCS / added.size)) | 0;
  const chunks: TermChunk[] = [];
  let chunk: TermChunk = [];
  for (const t of order) {
    // a doc twice in a term's run (a term twice in an article's list) is filed once
    const list: number[] = [];
    for (let at = starts[t]!; at < starts[t + 1]!; at++) if (docs[at] !== list[list.length - 1]) list.push(docs[at]!);
    chunk.push([terms[t]!, [encodeDocs(list)]]);
    if (chunk.length === size) {
      chunks.push(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** One field's exported map through FlexSearch: each article's terms fed to an Index, its `map` exported (directMap's reference). */
export async function flexMap(terms: readonly string[], counts: Uint32Array, docs: Uint32Array): Promise<TermChunk[]> {
  const termsByDoc = new Map<number, string[]>();
  for (let t = 0, at = 0; t < terms.length; t++) {
    const term = terms[t]!;
    for (const end = at + counts[t]!; at < end; at++) {
      const doc = docs[at]!;
      const list = termsByDoc.get(doc);
      if (list) list.push(term);
      else termsByDoc.set(doc, [term]);
    }
  }
  const index = new Index(flexOptions);
  for (const [doc, list] of [...termsByDoc].sort((a, b) => a[0] - b[0])) index.add(doc, list.join(' '));
  const chunks: TermChunk[] = [];
  await index.export((key: string, data: string) => {
    if (key.endsWith('map')) chunks.push(encodeTermChunk(JSON.parse(data) as [string, number[][]][]));
  });
  return chunks;
}

/**
 * A word-pair file's postings: (pair hash, article) in the order added (articles ascending), the
 * number of pair files (a pair's key in its file is its hash divided by it) and the most articles a
 * pair may have and still be kept (more: left out, SearchMeta.commonPairs).
 */
export interface PairJob {
  hashes: Uint32Array;
  docs: Uint32Array;
  shards: number;
  maxDocs: number;
}

/**
 * What the index builder keeps of a pair file besides its text: the hashes of the pairs left out,
 * the most articles a kept pair has and the fewest a left-out one has (null: none), between which
 * `maxDocs` may move without changing the file.
 */
export interface PairFileNote {
  common: number[];
  most: number;
  least: number | null;
}

// a (hash, doc) posting as one number that sorts by hash, then doc: exact below 2^53
const DOC_SPAN = 2 ** 21;

/** The pair file's JSON text (a PairShard as a JSON string): its pairs by hash, each with its articles ascending. */
export function exportPairShard(job: PairJob): { text: string; note: PairFileNote } {
  const { hashes, docs, shards, maxDocs } = job;
  const note: PairFileNote = { common: [], most: 0, least: null };
  const size = hashes.length;
  let hashAt: (i: number) => number;
  let docAt: (i: number) => number;
  if (docs.every((doc) => doc < DOC_SPAN)) {
    // a file's postings come docs ascending, so sorting by (hash, doc) is the stable sort by hash
    const packed = new Float64Array(size);
    for (let i = 0; i < size; i++) packed[i] = hashes[i]! * DOC_SPAN + docs[i]!;
    packed.sort();
    hashAt = (i) => Math.floor(packed[i]! / DOC_SPAN);
    docAt = (i) => packed[i]! % DOC_SPAN;
  } else {
    const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => hashes[a]! - hashes[b]! || a - b);
    hashAt = (i) => hashes[order[i]!]!;
    docAt = (i) => docs[order[i]!]!;
  }
  const entries: [number, number[]][] = [];
  for (let i = 0; i < size;) {
    const hash = hashAt(i);
    let j = i;
    while (j < size && hashAt(j) === hash) j++;
    if (j - i > maxDocs) {
      note.common.push(hash);
      note.least = Math.min(note.least ?? Infinity, j - i);
    } else {
      note.most = Math.max(note.most, j - i);
      const list: number[] = [];
      for (let k = i; k < j; k++) list.push(docAt(k));
      entries.push([Math.floor(hash / shards), list]);
    }
    i = j;
  }
  const shard: PairShard = encodePairShard(entries);
  return { text: JSON.stringify(shard), note };
}
