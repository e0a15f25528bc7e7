/**
 * The search index as files (isomorphic): names, shapes and the term → shard hash.
 * Written by build-index.ts, read by query.ts in the browser and the CLI.
 *
 *   meta.json            SearchMeta: file counts, products, years, and `files`: the content hash of every
 *                        other file, which is part of its name (`terms/3.1a2b3c4d.json`), so a reader
 *                        never mixes two builds and a file whose bytes did not change keeps its name
 *                        (meta.json is the one file fetched fresh)
 *   terms/<n>.json       TermShard: three exported FlexSearch maps (title, lead, rest) for the terms hashing to n,
 *                        each term's doc numbers as base-36 gaps (encodeDocs)
 *   docs/<n>.json        DocEntry[] for doc numbers n*docsPerShard … (n+1)*docsPerShard-1
 *   prefix/<n>.json      [term, titleDocs][] of title words whose first 3 letters hash to n (suggestions)
 *   codes.json           CodeRow[]: the codes articles cite (lib/error-codes/cited-table.ts), for the code card
 *   facets.json          Facets: product and year per doc number (loaded only when a filter is set)
 *   pairs/<n>.json       PairShard: for each word pair hashing to n, the articles where the two words stand side by side
 *                        (one string: `key:docs;key:docs…`, keys ascending as base-36 gaps)
 *   vocab/<n>.json       [word, articles][]: the words of 4+ letters by their first two and by their last two letters (typo correction)
 *   ids/<n>.json         article numbers by their first three digits, ascending, as base-36 gaps (completions of `Q155…`)
 */

import { permalinkOfId } from '../routes';

/** Bumped whenever the files change shape; the reader refuses other versions with a clear message. */
export const FORMAT_VERSION = 6;

/** The fields of an article, best first; a term counts in the best field it appears in. */
export const FIELDS = ['title', 'lead', 'rest'] as const;
export type Field = (typeof FIELDS)[number];

/** Points a match earns per field (see lib/search/README.md). */
export const FIELD_WEIGHT: Record<Field, number> = { title: 10, lead: 4, rest: 1 };

export interface SearchMeta {
  version: number;
  /** a hash of every file of this build (an identifier; the files are found through `files`) */
  build: string;
  /**
   * The content hash (HASH_CHARS hex digits) of every other file, part of its name: for a folder
   * (`terms`, `pairs`, `docs`, `prefix`, `vocab`, `ids`) the hashes of its files FILES_PER_HASH at a
   * time (files 0-3, 4-7…) one after the other; for `codes.json` and `facets.json` their own hash.
   * See storedName().
   */
  files: Record<string, string>;
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
 * Word pairs of one pairs/ file, as one string: for each pair hashing to this file, ascending by
 * hash, its key (the hash divided by the file count) as a base-36 gap from the previous key, `:`,
 * then the doc numbers where the two words stand side by side in this order in one section (or the
 * title), as base-36 gaps (encodeDocs); entries joined by `;`. `"a:1a,3,k;2n:7"` = key 10 → docs
 * 46, 49, 69; key 105 → doc 7. Gaps, not whole keys: 13 % fewer gzip bytes for the ~1,200 pairs
 * of a file, most of which are in one article.
 */
export type PairShard = string;

/** Encodes a pairs/ file from its [key, ascending docs] entries, keys ascending. */
export function encodePairShard(entries: Iterable<[number, readonly number[]]>): PairShard {
  const parts: string[] = [];
  let last = 0;
  for (const [key, docs] of entries) {
    parts.push(`${(key - last).toString(36)}:${encodeDocs(docs)}`);
    last = key;
  }
  return parts.join(';');
}

/** Decodes a pairs/ file to key → encoded docs (decodeDocs reads them when a query asks). */
export function decodePairShard(shard: PairShard): Map<number, string> {
  const out = new Map<number, string>();
  if (shard === '') return out;
  let key = 0;
  for (const entry of shard.split(';')) {
    const colon = entry.indexOf(':');
    key += parseInt(entry.slice(0, colon), 36);
    out.set(key, entry.slice(colon + 1));
  }
  return out;
}

/** The hash of a word pair (FNV-1a of `first second`): its key in pairs/ and, modulo the count, its file. */
export function pairHash(first: string, second: string): number {
  // hashString(`${first} ${second}`) without making the string (20 M pairs at the archive's build)
  const hash = Math.imul(fnv(0x811c9dc5, first) ^ 32, 0x01000193);
  return fnv(hash, second) >>> 0;
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
 * The chunks of each field's exported FlexSearch `map` (`[term, [docs]][]` with resolution 1), each
 * list of doc numbers written as base-36 gaps (encodeDocs): 39 % fewer gzip bytes than FlexSearch's
 * own decimal arrays, whose long lists (a common word's thousands of articles) dominate a file.
 * decodeTermChunk() gives FlexSearch's export back for its import(). The `reg` part is not shipped:
 * searching needs only the map.
 */
export type TermShard = Partial<Record<Field, TermChunk[]>>;
export type TermChunk = [string, string[]][];

/** FlexSearch's exported map chunk → TermChunk. */
export function encodeTermChunk(chunk: [string, number[][]][]): TermChunk {
  return chunk.map(([term, slots]) => [term, slots.map(encodeDocs)]);
}

/** TermChunk → FlexSearch's exported map chunk, as its import('map', …) takes it. */
export function decodeTermChunk(chunk: TermChunk): [string, number[][]][] {
  return chunk.map(([term, slots]) => [term, slots.map((s) => (s === '' ? [] : decodeDocs(s)))]);
}

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
  return fnv(0x811c9dc5, text) >>> 0;
}

/** FNV-1a over the UTF-16 code units of `text`, from the state `hash`. */
function fnv(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
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

/** Hex digits of a file's content hash in its name. */
export const HASH_CHARS = 8;

/**
 * Files of a folder named by one hash of their joint contents (files 0-3 share one, 4-7 the next…):
 * the list in meta.json is a quarter as long (8 KB gzip instead of 30 KB for the archive's 5,902
 * files, read with every first query), and a change to one file renames its three neighbours too.
 */
export const FILES_PER_HASH = 4;

/** A file's name as written: `terms/3.json` with (its group's) content hash `1a2b3c4d` → `terms/3.1a2b3c4d.json`. */
export function contentName(name: string, hash: string): string {
  return `${name.slice(0, -'.json'.length)}.${hash}.json`;
}

/** The name under which `meta`'s build stores the file `name` (`terms/3.json`); throws when meta lists none. */
export function storedName(meta: Pick<SearchMeta, 'files'>, name: string): string {
  const slash = name.indexOf('/');
  const hash = slash < 0
    ? meta.files[name]
    : meta.files[name.slice(0, slash)]?.substr(Math.floor(Number(name.slice(slash + 1, -'.json'.length)) / FILES_PER_HASH) * HASH_CHARS, HASH_CHARS);
  if (!hash || hash.length !== HASH_CHARS) throw new Error(`search index: meta.json lists no file ${name}`);
  return contentName(name, hash);
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
