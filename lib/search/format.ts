/**
 * The search index as files (isomorphic): names, shapes and the term → shard hash.
 * Written by build-index.ts, read by query.ts in the browser and the CLI.
 *
 *   meta.json            SearchMeta: shard counts, products, years, and `build`: the folder holding the
 *                        rest, named by a hash of its files (so a reader never mixes two builds;
 *                        meta.json is the one file fetched fresh)
 *   terms/<n>.json       TermShard: three exported FlexSearch maps (title, lead, rest) for the terms hashing to n
 *   docs/<n>.json        DocEntry[] for doc numbers n*docsPerShard … (n+1)*docsPerShard-1
 *   prefix/<n>.json      [term, titleDocs][] of title words whose first 3 letters hash to n (suggestions)
 *   codes.json           CodeRow[]: the codes articles cite (lib/error-codes/cited-table.ts), for the code card
 *   facets.json          Facets: product and year per doc number (loaded only when a filter is set)
 *   pairs/<n>.json       PairShard: for each word pair hashing to n, the articles where the two words stand side by side
 *   vocab/<n>.json       [word, articles][]: the words of 4+ letters by their first two and by their last two letters (typo correction)
 *   ids/<n>.json         article numbers (ascending) by their first three digits (completions of `Q155…`)
 */

import { permalinkOfId } from '../routes';

/** Bumped whenever the files change shape; the reader refuses other versions with a clear message. */
export const FORMAT_VERSION = 3;

/** The fields of an article, best first; a term counts in the best field it appears in. */
export const FIELDS = ['title', 'lead', 'rest'] as const;
export type Field = (typeof FIELDS)[number];

/** Points a match earns per field (see lib/search/README.md). */
export const FIELD_WEIGHT: Record<Field, number> = { title: 10, lead: 4, rest: 1 };

export interface SearchMeta {
  version: number;
  /** the folder (below the index folder) holding every other file of this build */
  build: string;
  docs: number;
  termShards: number;
  docsPerShard: number;
  prefixShards: number;
  products: string[];
  /** the years articles were last modified, ascending (for the year filter) */
  years: number[];
  /** terms left out of the `rest` field because too many articles have them (still in title and lead) */
  commonTerms: string[];
  /** word-pair files (pairs/) */
  pairShards: number;
  /** hashes of the word pairs left out of pairs/ because more than 10 % of the articles have them */
  commonPairs: number[];
  /** vocabulary files (vocab/) */
  vocabShards: number;
  /** article-number files (ids/) */
  idShards: number;
}

/**
 * Word pairs of one pairs/ file: the pair's hash (pairHash) divided by the file count, in base 36, → the doc numbers where the two
 * words stand side by side in this order in one section (or the title), ascending, as base-36 gaps
 * joined by commas (`"1a,3,k"` = docs 46, 49, 69).
 */
export type PairShard = Record<string, string>;

/** The hash of a word pair (FNV-1a of `first second`): its key in pairs/ and, modulo the count, its file. */
export function pairHash(first: string, second: string): number {
  return hashString(`${first} ${second}`);
}

/** Encodes ascending doc numbers as base-36 gaps (see PairShard). */
export function encodeDocs(docs: readonly number[]): string {
  let last = 0;
  return docs.map((doc) => {
    const gap = doc - last;
    last = doc;
    return gap.toString(36);
  }).join(',');
}

/** Decodes encodeDocs(). */
export function decodeDocs(text: string): number[] {
  const out: number[] = [];
  let last = 0;
  for (const gap of text.split(',')) {
    last += parseInt(gap, 36);
    out.push(last);
  }
  return out;
}

/** The vocab/ file holding the words that begin (`head`) or end (`tail`) with these two letters. */
export function vocabShardOf(kind: 'head' | 'tail', twoLetters: string, shards: number): number {
  return hashString(`${kind === 'head' ? '<' : '>'}${twoLetters}`) % shards;
}

/** The ids/ file holding the article numbers whose decimal digits start with these three. */
export function idShardOf(threeDigits: string, shards: number): number {
  return hashString(threeDigits) % shards;
}

/**
 * The chunks of each field's exported FlexSearch `map`, parsed (FlexSearch's import takes them as is).
 * The `reg` part is not shipped: searching needs only the map.
 */
export type TermShard = Partial<Record<Field, unknown[]>>;

/**
 * What a result needs, as a compact array:
 * [id, title, permalink or '' when it is the default /kb/<bucket>/<id>/, product index or -1,
 *  lastModified or '', [section kind, excerpt][]]
 */
export type DocEntry = [string, string, string, number, string, [string, string][]];

/** A cited error code: [name, family, value, articles citing it, key when not `family/name-lower-case`]. */
export type CodeRow = [string, string, number, number] | [string, string, number, number, string];

/** Per doc number: index into SearchMeta.products (-1: none) and year (0: none). */
export interface Facets {
  product: number[];
  year: number[];
}

/** FNV-1a, 32 bit: cheap, stable across Node and browsers. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The shard a term lives in. */
export function termShardOf(term: string, shards: number): number {
  return hashString(term) % shards;
}

/** The suggestion file for a word prefix (only its first 3 letters count, so a typed prefix knows its file). */
export function prefixShardOf(prefix: string, shards: number): number {
  return hashString(prefix.slice(0, 3)) % shards;
}

/** The permalink the archive uses for an article ID: `Q155738` → `/kb/155/Q155738/` ('' for other IDs; the rule is lib/routes.ts's). */
export function defaultPermalink(id: string): string {
  return permalinkOfId(id) ?? '';
}

export const fileNames = {
  meta: 'meta.json',
  codes: 'codes.json',
  facets: 'facets.json',
  terms: (n: number) => `terms/${n}.json`,
  docs: (n: number) => `docs/${n}.json`,
  prefix: (n: number) => `prefix/${n}.json`,
  pairs: (n: number) => `pairs/${n}.json`,
  vocab: (n: number) => `vocab/${n}.json`,
  ids: (n: number) => `ids/${n}.json`,
};

/** FlexSearch options shared by the builder and the reader: terms come pre-tokenized, space-separated. */
export const flexOptions = {
  tokenize: 'strict' as const,
  resolution: 1,
  fastupdate: false,
  encode: (text: string): string[] => text.split(' '),
};
