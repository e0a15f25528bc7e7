/**
 * Queries the sharded index (isomorphic: the browser passes fetch, the CLI passes fs).
 * Loads meta.json once, then only the term shards of the query's terms and the doc shards of the
 * results shown. Scoring is described in lib/search/README.md.
 */
import { Index } from 'flexsearch';
import { articleNumberOfAddress } from '../routes';
import { canonicalTerm, lookupCitedCode, parseCodeQuery, type CitedCodeLike } from './code-query';
import { parseQuery, type Clause, type WordPair } from './parse-query';
import { pickExcerpt, highlight, type Snippet } from './snippet';
import { idTerm, queryNumberSpellings } from './tokenize';
import {
  FIELDS, FIELD_WEIGHT, FORMAT_VERSION, decodeDocs, decodePairShard, decodeTermChunk, defaultPermalink, fileNames, flexOptions, idShardOf, pairHash, prefixShardOf,
  storedName, termShardOf, vocabShardOf,
  type CodeRow, type DocEntry, type Facets, type Field, type PairShard, type SearchMeta, type TermShard,
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
  /**
   * Set when a word matched nothing (or far fewer articles than a spelling one letter away) and
   * that spelling was searched too: "Showing results for `query`. Search instead for `original`".
   * `original` quotes the corrected words, which keeps them as typed.
   */
  correction: Correction | null;
}

export interface Correction {
  /** the query with the corrected words in their place */
  query: string;
  /** the query as typed, the corrected words in quotes (quoted words are never corrected) */
  original: string;
  /** [typed, searched] per corrected word */
  words: [string, string][];
}

/** Points for the article whose number the query names (see README): above any word score. */
const ID_BOOST = 1000;
/** Share of the points a clause's further alternatives add (see README). */
const ALSO_MATCHED = 0.1;
/** Share of the points a less likely reading earns (the decimal one of `00000058`): below any field of the likely one. */
const WEAK = 0.05;
/** Points per word pair of the query found side by side in the article (see README). */
const PAIR_POINTS = 5;
/** Share of the points a match through a corrected spelling earns. */
const CORRECTED = 0.5;
/** A word is tried as its one-edit neighbours when it is this long at least… */
const TYPO_MIN_LENGTH = 5;
/** …and matches at most this many articles, fewer than 1/TYPO_RATIO of the neighbour's. */
const TYPO_MAX_HITS = 5;
const TYPO_RATIO = 20;
/** At most this many pairs of a query are looked up (a pasted paragraph would fetch a file per pair). */
const MAX_PAIRS = 16;

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
  // every file but meta.json is read under the content name meta lists, so old meta and new files never meet
  const loadBuilt = async <T>(name: string): Promise<T> => load<T>(storedName(await meta(), name));
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
          for (const chunk of chunks) index.import('map', decodeTermChunk(chunk) as unknown as string);
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

  /**
   * Completions of a word, case-insensitive: article numbers (`q1557` → `q155738`…, from ids/),
   * the names of cited error codes (`irql_not` → `irql_not_less_or_equal`), then title words.
   */
  async function completionsOf(typed: string, m: SearchMeta, count = 5): Promise<string[]> {
    const word = typed.toLowerCase();
    if (word.length < 2) return [];
    const id = /^(?:q|kb)0*(\d{3,6})$/.exec(word);
    if (id && m.idShards) {
      const digits = id[1]!;
      const encoded = await loadBuilt<string>(fileNames.ids(idShardOf(digits.slice(0, 3), m.idShards)));
      const numbers = encoded === '' ? [] : decodeDocs(encoded);
      return numbers.filter((n) => String(n).startsWith(digits) && String(n) !== digits).slice(0, count).map(idTerm);
    }
    const out: string[] = [];
    if (/^[a-z]\w{2,}$/.test(word) && (word.includes('_') || /^(?:wsa|status|error|err|rpc|e_|co_|dns|nerr)/.test(word))) {
      for (const code of await citedCodes()) {
        const name = code.name.toLowerCase();
        if (name.startsWith(word) && name !== word && !out.includes(name)) out.push(name);
        if (out.length >= count) return out;
      }
    }
    const list = await loadBuilt<[string, number][]>(fileNames.prefix(prefixShardOf(word, m.prefixShards)));
    for (const [t] of list) {
      if (out.length >= count) break;
      if (t.startsWith(word) && t !== word && !out.includes(t)) out.push(t);
    }
    return out;
  }

  /** The word pair's articles (from pairs/), or null when the pair is too common to be indexed. */
  async function pairDocs(pair: WordPair, m: SearchMeta, common: ReadonlySet<number>): Promise<number[] | null> {
    const hash = pairHash(pair[0], pair[1]);
    if (common.has(hash)) return null;
    const shard = await pairShard(hash % m.pairShards);
    const docs = shard.get(Math.floor(hash / m.pairShards));
    return docs ? decodeDocs(docs) : [];
  }

  const pairShards = new Map<number, Promise<Map<number, string>>>();
  function pairShard(n: number): Promise<Map<number, string>> {
    let p = pairShards.get(n);
    if (!p) {
      p = loadBuilt<PairShard>(fileNames.pairs(n)).then(decodePairShard);
      p.catch(() => pairShards.delete(n));
      pairShards.set(n, p);
    }
    return p;
  }

  /** Words one edit away (substitution, insertion, deletion, swap of neighbours) from the vocabulary, most frequent first. */
  async function neighboursOf(word: string, m: SearchMeta): Promise<[string, number][]> {
    if (!m.vocabShards) return [];
    const files = [...new Set([vocabShardOf('head', word.slice(0, 2), m.vocabShards), vocabShardOf('tail', word.slice(-2), m.vocabShards)])];
    const lists = await Promise.all(files.map((n) => loadBuilt<[string, number][]>(fileNames.vocab(n))));
    const seen = new Set<string>();
    const out: [string, number][] = [];
    for (const list of lists) {
      for (const entry of list) {
        if (!seen.has(entry[0]) && oneEditApart(word, entry[0])) out.push(entry);
        seen.add(entry[0]);
      }
    }
    return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  async function search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    // a pasted address of an article (support.microsoft.com/kb/155738, …/Q155/7/38.asp) is that article's number
    const addressed = articleNumberOfAddress(query);
    const text = addressed !== null ? idTerm(addressed) : query;
    // a lone hex number the code reader does not take as hex (`000007DC`, `0C0000005h`, 8 digits) is looked up as `0x…` too
    const single = text.trim().toLowerCase();
    const hex = /^[0-9a-f]{4,}$|^[0-9][0-9a-f]*h$/.test(single) ? queryNumberSpellings(single).find((t) => t.startsWith('0x')) : undefined;
    const codeQuery = parseCodeQuery(text.replace(/"/g, ' ')) ?? (hex ? parseCodeQuery(hex) : null);
    // the cited-code table is needed only for queries that read as a code (warm() fetches it early)
    const [m, codes] = await Promise.all([meta(), codeQuery || options.prefix ? citedCodes() : []]);
    const limit = options.limit ?? 10;
    const offset = options.offset ?? 0;
    const cited = codeQuery ? dedupeCodes([...(hex ? lookupCitedCode(hex, codes) : []), ...lookupCitedCode(text.replace(/"/g, ' '), codes)]) : [];
    const parsed = parseQuery(text, new Set(m.commonTerms), { query: codeQuery, cited });
    const { clauses } = parsed;
    let completions: string[] = [];
    const last = clauses[clauses.length - 1];
    if (options.prefix && addressed === null && last && /\S$/.test(query) && !query.trimEnd().endsWith('"') && parsed.codes.length === 0) {
      completions = await completionsOf(last.label, m);
      // a completed code name also finds the articles that cite the code in another spelling
      const named = codes.filter((code) => completions.includes(code.name.toLowerCase())).map((code) => canonicalTerm(code.family, code.value));
      last.terms = [...new Set([...last.terms, ...completions, ...named])];
      // a completed article number is that article: it comes first, as the whole number would
      last.ids = [...last.ids, ...completions.filter((c) => /^q\d+$/.test(c))];
      last.optional = false;
    }
    const codeCard = cited.map(cardOf);
    const common = new Set(m.commonPairs ?? []);
    // while typing, the last word is unfinished: its pair would fetch another file at every key
    const typingPair = options.prefix && /\S$/.test(query) ? parsed.pairs[parsed.pairs.length - 1] : undefined;
    const pairs = parsed.pairs.filter((p) => p !== typingPair).slice(0, MAX_PAIRS);
    const [clauseHits, pairHits, phraseHits] = await Promise.all([
      Promise.all(clauses.map((c) => clauseHitsOf(c, m))),
      Promise.all(pairs.map((p) => pairDocs(p, m, common))),
      Promise.all(parsed.phrasePairs.map((list) => Promise.all(list.map((p) => pairDocs(p, m, common))))),
    ]);
    const correction = await correctTypos(query, clauses, clauseHits, m, options.prefix ? last : undefined, completions.length);

    // stop words count through their pairs; when no pair can be checked (all too common), as words again
    if (pairHits.every((docs) => docs === null)) for (const clause of clauses) if (clause.stop) clause.optional = false;
    // score: sum of each clause's best field weight, plus points per query pair side by side; the
    // named article gets ID_BOOST. Flat arrays over the doc numbers: common words hit thousands of
    // articles, and this runs on every key typed
    const required = clauses.filter((c) => !c.optional).length;
    const score = new Float64Array(m.docs);
    const matched = new Int32Array(m.docs).fill(-1); // -1: no clause matched the doc
    const viaCorrection = new Int32Array(m.docs); // clauses the doc matches only through a corrected spelling
    const pairCount = new Int32Array(m.docs);
    const citing = new Uint8Array(m.docs); // the doc cites a code the query names (extraction found it)
    const touched: number[] = [];
    const touch = (doc: number) => { if (matched[doc]! < 0) { matched[doc] = 0; touched.push(doc); } };
    clauses.forEach((clause, i) => {
      const add = clause.optional ? 0 : 1;
      const hits = clauseHits[i]!;
      for (const [doc, weight] of hits.words) {
        touch(doc);
        score[doc]! += weight;
        matched[doc]! += add;
      }
      for (const doc of hits.corrected) viaCorrection[doc]!++;
      for (const doc of hits.citing) citing[doc] = 1;
      for (const doc of hits.ids) {
        touch(doc);
        score[doc]! += ID_BOOST;
        matched[doc] = Math.max(required, matched[doc]!);
      }
    });
    const checked = pairHits.filter((docs): docs is number[] => docs !== null);
    for (const docs of checked) {
      for (const doc of docs) {
        if (required === 0) touch(doc);
        pairCount[doc]!++;
        score[doc]! += PAIR_POINTS;
      }
    }
    let best = 0;
    for (const doc of touched) if (matched[doc]! > best) best = matched[doc]!;
    let fallback: string | null = null;
    if (required > 1 && best < required && best > 0) {
      const missing = clauses.filter((c, i) => !c.optional && clauseHits[i]!.words.size === 0);
      fallback = `No article has all the words; showing articles with ${best} of ${required}` +
        (missing.length > 0 ? ` (no article has: ${missing.map((c) => c.label).join(', ')})` : '');
    }
    let docs = best > 0 || required === 0 ? touched.filter((doc) => matched[doc] === best) : [];
    // a quoted phrase: only articles with every pair of its words side by side, in order
    for (const lists of phraseHits) {
      for (const list of lists) {
        if (list === null) continue; // a pair too common to be indexed cannot be checked
        const has = new Set(list);
        docs = docs.filter((doc) => has.has(doc));
      }
    }
    docs = await applyFilters(docs, options, m);
    // the named article first; then exact spellings before corrected ones; then, for a code, the
    // articles citing it before those that only have the number; then the articles with all the
    // query's words side by side (the query as a phrase); then points
    const phrase = checked.length;
    const whole = (doc: number) => (phrase > 0 && pairCount[doc] === phrase ? 1 : 0);
    docs.sort((a, b) => Number(score[b]! >= ID_BOOST) - Number(score[a]! >= ID_BOOST) || viaCorrection[a]! - viaCorrection[b]! ||
      citing[b]! - citing[a]! || whole(b) - whole(a) || score[b]! - score[a]! || a - b);

    const page = docs.slice(offset, offset + limit);
    const words = new Set(clauses.flatMap((c) => c.terms.filter((t) => !t.startsWith('#'))));
    const results = await Promise.all(page.map(async (doc) => {
      const entry = await docEntry(doc, m);
      return resultOf(entry, score[doc]!, words, parsed.phrases, m);
    }));
    return { query, results, total: docs.length, fallback, codeCard, completions, correction: correction && docs.some((d) => viaCorrection[d]! > 0) ? correction : null };
  }

  /**
   * Typo tolerance: a word of 5+ letters that matches nothing, or at most a few articles and far
   * fewer than a word one edit away, also searches the neighbour (of the up to three most frequent,
   * the one most articles share with the other words). Its matches count as the clause's, at half
   * points, and rank below exact ones. IDs, codes, numbers and quoted words are never corrected.
   */
  async function correctTypos(query: string, clauses: Clause[], hits: ClauseHits[], m: SearchMeta, typing: Clause | undefined, completed: number): Promise<Correction | null> {
    const words: [string, string][] = [];
    await Promise.all(clauses.map(async (clause, i) => {
      const word = clause.label;
      const found = hits[i]!.words.size;
      if (clause.exact || clause.optional || clause.terms.length !== 1 || word.length < TYPO_MIN_LENGTH || !/^[a-z]+$/.test(word) || found > TYPO_MAX_HITS) return;
      if (clause === typing && (completed > 0 || found > 0)) return; // a word being typed is a prefix first
      const candidates = (await neighboursOf(word, m)).filter(([, n]) => n >= TYPO_RATIO * found).slice(0, 3);
      if (candidates.length === 0) return;
      // the candidate most articles share with the other required words; then the most frequent
      const others = hits.filter((_, j) => j !== i && !clauses[j]!.optional).map((h) => h.words);
      let chosen: { term: string; hits: Map<number, number>; shared: number } | null = null;
      for (const [term] of candidates) {
        const candidateHits = await lookup(term, m);
        let shared = 0;
        for (const doc of candidateHits.keys()) if (others.every((o) => o.has(doc))) shared++;
        if (!chosen || shared > chosen.shared) chosen = { term, hits: candidateHits, shared };
      }
      if (!chosen) return;
      const target = hits[i]!;
      for (const [doc, weight] of chosen.hits) {
        if (target.words.has(doc)) continue;
        target.words.set(doc, weight * CORRECTED);
        target.corrected.add(doc);
      }
      clause.terms.push(chosen.term);
      clause.corrected.push(chosen.term);
      words.push([word, chosen.term]);
    }));
    if (words.length === 0) return null;
    // the typed words replaced where they stand, the rest of the query as typed
    const pattern = new RegExp(`\\b(${words.map(([w]) => w).join('|')})\\b`, 'gi');
    const corrected = query.replace(pattern, (w: string) => words.find(([typed]) => typed === w.toLowerCase())?.[1] ?? w);
    const original = query.replace(pattern, (w: string) => `"${w}"`);
    return { query: corrected, original, words };
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

  async function clauseHitsOf(clause: Clause, m: SearchMeta): Promise<ClauseHits> {
    // a copy: correction adds to it, and the lookup cache must keep the term's own hits
    if (clause.terms.length === 1 && clause.ids.length === 0) return { words: new Map(await lookup(clause.terms[0]!, m)), ids: new Set(), corrected: new Set(), citing: new Set() };
    const best = new Map<number, number>();
    const sum = new Map<number, number>();
    const ids = new Set<number>();
    const weak = new Set(clause.weak ?? []);
    const cites = new Set(clause.cites ?? []);
    const citing = new Set<number>();
    await Promise.all(clause.terms.map(async (term) => {
      const hits = await lookup(term, m);
      const factor = weak.has(term) ? WEAK : 1;
      for (const [doc, full] of hits) {
        if (cites.has(term)) citing.add(doc);
        const weight = full * factor;
        if ((best.get(doc) ?? 0) < weight) best.set(doc, weight);
        sum.set(doc, (sum.get(doc) ?? 0) + weight);
        // an ID term in an article's own title field is that article's number
        if (clause.ids.includes(term) && full === FIELD_WEIGHT.title) ids.add(doc);
      }
    }));
    // the best spelling counts in full, each further spelling found a tenth (two spellings beat one)
    const words = new Map<number, number>();
    for (const [doc, top] of best) words.set(doc, top + ALSO_MATCHED * ((sum.get(doc) ?? top) - top));
    return { words, ids, corrected: new Set(), citing };
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

function dedupeCodes<T extends CitedCodeLike>(codes: T[]): T[] {
  const seen = new Set<string>();
  return codes.filter((c) => !seen.has(c.key) && (seen.add(c.key), true));
}

/** What one clause found: doc → points, the docs it names by ID, the docs found only through a correction. */
interface ClauseHits { words: Map<number, number>; ids: Set<number>; corrected: Set<number>; citing: Set<number> }

/** True when `b` is one substitution, insertion, deletion or swap of neighbours away from `a`. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

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
