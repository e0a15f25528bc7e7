/**
 * The term and word-pair files of the search index from their postings: for a term file FlexSearch
 * is fed each article's terms of the shard, one index per field, and only the exported maps are kept;
 * a pair file is its postings sorted by pair and encoded (server-only). Its own module so that the
 * build can run it on worker threads (lib/build/shard-export.ts): the files are independent, and
 * making them was most of the index step, on one core.
 */
import { Index } from 'flexsearch';
import { FIELDS, encodePairShard, encodeTermChunk, flexOptions, type Field, type PairShard, type TermChunk, type TermShard } from './format';

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
    out[field] = chunks;
  }
  return JSON.stringify(out);
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
