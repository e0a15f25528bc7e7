/**
 * Queries the sharded index (isomorphic: the browser passes fetch, the CLI passes fs).
 * Loads meta.json once, then only the term shards of the query's terms and the doc shards of the
 * results shown. Scoring is described in lib/search/README.md.
 */
import { Index } from 'flexsearch';
import { lookupCitedCode, parseCodeQuery, type CitedCodeLike } from './code-query';
import { parseQuery, type Clause } from './parse-query';
import { pickExcerpt, highlight, type Snippet } from './snippet';
import {
  FIELDS, FIELD_WEIGHT, FORMAT_VERSION, defaultPermalink, fileNames, flexOptions, prefixShardOf, termShardOf,
  type CodeRow, type DocEntry, type Facets, type Field, type SearchMeta, type TermShard,
} from './format';

export type LoadFile = (name: string) => Promise<unknown>;

export interface SearchOptions {
  limit?: number;
  offset?: number;
  product?: string;
  year?: number | string;
  /** the query is still being typed: the last word also matches as a prefix */
  prefix?: boolean;
}

export interface SearchResult {
  id: string;
  title: string;
  permalink: string;
  product: string;
  lastModified: string | null;
  /** the section kind the snippet comes from (`symptoms`…), or `title` */
  section: string;
  snippet: Snippet;
  titleHighlights: [number, number][];
  score: number;
}

export interface CodeCard extends CitedCodeLike {
  hex: string;
  description: string | null;
  /** path of its page, without the base path */
  href: string;
  articles: number | null;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
  total: number;
  /** set when no article has every word: says what is shown instead */
  fallback: string | null;
  codeCard: CodeCard[];
  /** completions of the last word (prefix searches) */
  completions: string[];
}

/** Points for the article whose number the query names (see README): above any word score. */
const ID_BOOST = 1000;
/** Share of the points a clause's further alternatives add (see README). */
const ALSO_MATCHED = 0.1;

/** Creates a searcher over index files read by `loadFile` (a name such as `terms/3.json`). */
export function createSearcher(loadFile: LoadFile) {
  const cache = new Map<string, Promise<unknown>>();
  const load = <T>(name: string): Promise<T> => {
    let p = cache.get(name);
    if (!p) {
      p = loadFile(name);
      p.catch(() => cache.delete(name)); // a failed fetch may succeed on retry
      cache.set(name, p);
    }
    return p as Promise<T>;
  };
  // every file but meta.json is read from the build's own folder, so old meta and new files never meet
  const loadBuilt = async <T>(name: string): Promise<T> => {
    const m = await meta();
    return load<T>(m.build ? `${m.build}/${name}` : name);
  };
  const shards = new Map<number, Promise<Partial<Record<Field, Index>>>>();
  const meta = () => load<SearchMeta>(fileNames.meta).then((m) => {
    if (m?.version !== FORMAT_VERSION) {
      throw new Error(`search index: ${fileNames.meta} has format ${String(m?.version)}, this code reads ${FORMAT_VERSION}: rebuild it (npx kb index)`);
    }
    return m;
  });

  function termShard(n: number): Promise<Partial<Record<Field, Index>>> {
    let p = shards.get(n);
    if (!p) {
      p = loadBuilt<TermShard>(fileNames.terms(n)).then((data) => {
        const out: Partial<Record<Field, Index>> = {};
        for (const field of FIELDS) {
          const chunks = data[field];
          if (!chunks) continue;
          const index = new Index(flexOptions);
          // FlexSearch's import accepts parsed data; 'map' is the term → doc numbers table
          for (const chunk of chunks) index.import('map', chunk as unknown as string);
          out[field] = index;
        }
        return out;
      });
      shards.set(n, p);
    }
    return p;
  }

  // typing re-runs a query on every key: the terms already looked up are answered from here
  const lookups = new Map<string, Promise<Map<number, number>>>();
  const LOOKUP_CACHE = 256;
  function lookup(term: string, m: SearchMeta): Promise<Map<number, number>> {
    let hits = lookups.get(term);
    if (!hits) {
      hits = lookupUncached(term, m);
      hits.catch(() => lookups.delete(term));
      if (lookups.size >= LOOKUP_CACHE) lookups.delete(lookups.keys().next().value!);
      lookups.set(term, hits);
    }
    return hits;
  }

  /** Doc number → best field weight for one term. */
  async function lookupUncached(term: string, m: SearchMeta): Promise<Map<number, number>> {
    const indexes = await termShard(termShardOf(term, m.termShards));
    const hits = new Map<number, number>();
    for (const field of FIELDS) {
      const ids = indexes[field]?.search(term, { limit: m.docs }) ?? [];
      for (const id of ids) {
        const doc = Number(id);
        if ((hits.get(doc) ?? 0) < FIELD_WEIGHT[field]) hits.set(doc, FIELD_WEIGHT[field]);
      }
    }
    return hits;
  }

  async function completionsOf(word: string, m: SearchMeta, count = 5): Promise<string[]> {
    if (word.length < 2) return [];
    const list = await loadBuilt<[string, number][]>(fileNames.prefix(prefixShardOf(word, m.prefixShards)));
    return list.filter(([t]) => t.startsWith(word) && t !== word).slice(0, count).map(([t]) => t);
  }

  async function search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    const codeQuery = parseCodeQuery(query.replace(/"/g, ' '));
    // the cited-code table is needed only for queries that read as a code (warm() fetches it early)
    const [m, codes] = await Promise.all([meta(), codeQuery ? citedCodes() : []]);
    const limit = options.limit ?? 10;
    const offset = options.offset ?? 0;
    const cited = codeQuery ? lookupCitedCode(query.replace(/"/g, ' '), codes) : [];
    const parsed = parseQuery(query, new Set(m.commonTerms), { query: codeQuery, cited });
    const { clauses } = parsed;
    let completions: string[] = [];
    const last = clauses[clauses.length - 1];
    if (options.prefix && last && /\S$/.test(query) && !query.trimEnd().endsWith('"') && parsed.codes.length === 0) {
      completions = await completionsOf(last.label, m);
      last.terms = [...last.terms, ...completions];
      last.optional = false;
    }
    const codeCard = cited.map(cardOf);
    const clauseHits = await Promise.all(clauses.map((c) => clauseHitsOf(c, m)));

    // score: sum of each clause's best field weight; the named article gets ID_BOOST. Flat arrays
    // over the doc numbers: common words hit thousands of articles, and this runs on every key typed
    const required = clauses.filter((c) => !c.optional).length;
    const score = new Float64Array(m.docs);
    const matched = new Int32Array(m.docs).fill(-1); // -1: no clause matched the doc
    const touched: number[] = [];
    clauses.forEach((clause, i) => {
      const add = clause.optional ? 0 : 1;
      for (const [doc, weight] of clauseHits[i]!.words) {
        if (matched[doc]! < 0) { matched[doc] = 0; touched.push(doc); }
        score[doc]! += weight;
        matched[doc]! += add;
      }
      for (const doc of clauseHits[i]!.ids) {
        if (matched[doc]! < 0) { matched[doc] = 0; touched.push(doc); }
        score[doc]! += ID_BOOST;
        matched[doc] = Math.max(required, matched[doc]!);
      }
    });
    let best = 0;
    for (const doc of touched) if (matched[doc]! > best) best = matched[doc]!;
    let fallback: string | null = null;
    if (required > 1 && best < required && best > 0) {
      const missing = clauses.filter((c, i) => !c.optional && clauseHits[i]!.words.size === 0);
      fallback = `No article has all the words; showing articles with ${best} of ${required}` +
        (missing.length > 0 ? ` (no article has: ${missing.map((c) => c.label).join(', ')})` : '');
    }
    let docs = best > 0 || required === 0 ? touched.filter((doc) => matched[doc] === best) : [];
    docs = await applyFilters(docs, options, m);
    docs.sort((a, b) => score[b]! - score[a]! || a - b);

    const page = docs.slice(offset, offset + limit);
    const words = new Set(clauses.flatMap((c) => c.terms.filter((t) => !t.startsWith('#'))));
    const results = await Promise.all(page.map(async (doc) => {
      const entry = await docEntry(doc, m);
      return resultOf(entry, score[doc]!, words, parsed.phrases, m);
    }));
    if (parsed.phrases.length > 0) {
      // a phrase seen in the title or an excerpt moves its result up within the page
      const has = (r: SearchResult) => parsed.phrases.some((p) => `${r.title} ${r.snippet.text}`.toLowerCase().replace(/\s+/g, ' ').includes(p));
      results.sort((a, b) => Number(has(b)) - Number(has(a)));
    }
    return { query, results, total: docs.length, fallback, codeCard, completions };
  }

  let codeTable: Promise<CitedCode[]> | null = null;
  /** The cited-code table, fetched on the first query that reads as a code; [] when missing. */
  function citedCodes(): Promise<CitedCode[]> {
    codeTable ??= loadBuilt<CodeRow[]>(fileNames.codes).then(
      (rows) => rows.map(([name, family, value, articles, key]) => ({ key: key ?? `${family}/${name.toLowerCase()}`, name, family, value, articles })),
      () => [],
    );
    return codeTable;
  }

  async function clauseHitsOf(clause: Clause, m: SearchMeta): Promise<{ words: Map<number, number>; ids: Set<number> }> {
    if (clause.terms.length === 1 && clause.ids.length === 0) return { words: await lookup(clause.terms[0]!, m), ids: new Set() };
    const best = new Map<number, number>();
    const sum = new Map<number, number>();
    const ids = new Set<number>();
    await Promise.all(clause.terms.map(async (term) => {
      const hits = await lookup(term, m);
      for (const [doc, weight] of hits) {
        if ((best.get(doc) ?? 0) < weight) best.set(doc, weight);
        sum.set(doc, (sum.get(doc) ?? 0) + weight);
        // an ID term in an article's own title field is that article's number
        if (clause.ids.includes(term) && weight === FIELD_WEIGHT.title) ids.add(doc);
      }
    }));
    // the best spelling counts in full, each further spelling found a tenth (two spellings beat one)
    const words = new Map<number, number>();
    for (const [doc, top] of best) words.set(doc, top + ALSO_MATCHED * ((sum.get(doc) ?? top) - top));
    return { words, ids };
  }

  async function docEntry(doc: number, m: SearchMeta): Promise<DocEntry> {
    const list = await loadBuilt<DocEntry[]>(fileNames.docs(Math.floor(doc / m.docsPerShard)));
    const entry = list[doc % m.docsPerShard];
    if (!entry) throw new Error(`search index: doc ${doc} missing from ${fileNames.docs(Math.floor(doc / m.docsPerShard))}`);
    return entry;
  }

  async function applyFilters(docs: number[], options: SearchOptions, m: SearchMeta): Promise<number[]> {
    const year = options.year ? Number(options.year) : 0;
    if (!options.product && !year) return docs;
    const facets = await loadBuilt<Facets>(fileNames.facets);
    const product = options.product ? m.products.indexOf(options.product) : -2;
    return docs.filter((d) => (product === -2 || facets.product[d] === product) && (!year || facets.year[d] === year));
  }

  return {
    search,
    /** Completions of a word from the titles' vocabulary, most frequent first. */
    complete: async (word: string, count = 5) => completionsOf(word.toLowerCase(), await meta(), count),
    meta,
    /**
     * Fetches what every query may need before the first one is typed: the meta file and the
     * cited-code table (17 KB gzip for the archive). The search box calls it on first focus, so a
     * query then fetches only its own term and doc files.
     */
    warm: async (): Promise<SearchMeta> => (await Promise.all([meta(), citedCodes()]))[0],
  };
}

export type Searcher = ReturnType<typeof createSearcher>;

/** The cited-code table row (codes.json), as lib/error-codes builds it. */
type CitedCode = CitedCodeLike & { hex?: string; description?: string; articles?: number };

function cardOf(code: CitedCode): CodeCard {
  return {
    key: code.key, name: code.name, family: code.family, value: code.value,
    hex: code.hex ?? `0x${(code.value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`,
    description: code.description ?? null,
    href: `/error/${code.key}/`,
    articles: code.articles ?? null,
  };
}

function resultOf(entry: DocEntry, score: number, words: ReadonlySet<string>, phrases: string[], m: SearchMeta): SearchResult {
  const [id, title, permalink, product, lastModified, excerpts] = entry;
  const titleHighlights = highlight(title, words, '', phrases);
  const picked = pickExcerpt(excerpts, words, '', phrases);
  return {
    id, title,
    permalink: permalink || defaultPermalink(id),
    product: m.products[product] ?? '',
    lastModified: lastModified || null,
    section: picked.hits === 0 && titleHighlights.length > 0 ? 'title' : picked.section,
    snippet: picked.snippet,
    titleHighlights,
    score,
  };
}
