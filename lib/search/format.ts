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
 */

/** Bumped whenever the files change shape; the reader refuses other versions with a clear message. */
export const FORMAT_VERSION = 2;

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

/** The permalink the archive uses for an article ID: `Q155738` → `/kb/155/Q155738/` ('' for other IDs). */
export function defaultPermalink(id: string): string {
  const digits = /^Q(\d{1,7})$/.exec(id)?.[1];
  if (digits === undefined) return '';
  return `/kb/${digits.padStart(6, '0').slice(0, 3)}/${id}/`;
}

export const fileNames = {
  meta: 'meta.json',
  codes: 'codes.json',
  facets: 'facets.json',
  terms: (n: number) => `terms/${n}.json`,
  docs: (n: number) => `docs/${n}.json`,
  prefix: (n: number) => `prefix/${n}.json`,
};

/** FlexSearch options shared by the builder and the reader: terms come pre-tokenized, space-separated. */
export const flexOptions = {
  tokenize: 'strict' as const,
  resolution: 1,
  fastupdate: false,
  encode: (text: string): string[] => text.split(' '),
};
