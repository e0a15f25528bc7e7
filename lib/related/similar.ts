/**
 * "Similar articles": for each article, the few in the same product whose title and symptoms share
 * the most rare words with its own (cosine of tf-idf weighted term sets). Computed at build time from
 * a small signature per record; `computeSimilar` is a pure function of the signatures, so an
 * incremental build re-runs it over cached signatures when any article changes.
 *
 * Cost: each article probes an inverted index of its product with only its `probeTerms` rarest
 * terms, skipping any term more than `maxPosting` articles of the product share (it says little and
 * would make the work quadratic), and scores the candidates on those terms: the cosine is
 * approximated by the rare terms, which carry nearly all of it. Measured on the whole archive in
 * README.md (`npm run bench:related`).
 */
import type { ArticleRecord } from '../parse/types';
import { STOP_WORDS, tokenize } from '../search/tokenize';
import { similarKinds } from '../section-kinds';

/** What the computation needs of one article: no text, only its terms. */
export interface SimilarSignature {
  id: string;
  /** articles are compared within a group: the first product ('' when none) */
  group: string;
  /** distinct terms of the title */
  title: string[];
  /** distinct terms of the lead text (the first section of the first kind found in similarKinds(): Symptoms,
   *  else Summary; else the first section), minus the title's */
  lead: string[];
}

/**
 * A signature whose terms are numbers of the parse thread that made it (lib/build/load-parse-one.ts
 * SearchTerms): the collector learns each thread's terms by their text once (`learn`), then files
 * numbers; the build's main thread no longer hashes 5 M words.
 */
export interface NumberedSignature extends Omit<SimilarSignature, 'title' | 'lead'> {
  title: Uint32Array;
  lead: Uint32Array;
}

export interface SimilarOptions {
  /** most similar articles kept per article */
  keep?: number;
  /** lowest cosine kept */
  minScore?: number;
  /** least number of shared terms */
  minShared?: number;
  /** a term in more articles of a group than this is not used to find candidates */
  maxPosting?: number;
  /** how many of an article's rarest terms look for candidates and score them */
  probeTerms?: number;
}

/** Words of the lead text looked at: the opening of a Symptoms section says what it is about. */
const LEAD_TERMS = 80;
const TITLE_WEIGHT = 2;

/** The signature of a record: its group and the distinct content terms of its title and lead. */
export function similarSignature(record: Pick<ArticleRecord, 'id' | 'title' | 'products' | 'sections'>): SimilarSignature {
  const content = (text: string, limit = Infinity): string[] => {
    const out = new Set<string>();
    for (const term of tokenize(text)) {
      if (out.size >= limit) break;
      // article IDs and lone digits tie articles together by accident (`Q123456`, `step 2`)
      if (!STOP_WORDS.has(term) && !/^q\d+$/.test(term) && !/^\d$/.test(term)) out.add(term);
    }
    return [...out];
  };
  const title = content(record.title);
  const leadSection = similarKinds().map((kind) => record.sections.find((s) => s.kind === kind)).find(Boolean) ?? record.sections[0];
  const titleSet = new Set(title);
  const lead = content(leadSection?.text ?? '', LEAD_TERMS).filter((t) => !titleSet.has(t));
  return { id: record.id, group: record.products[0] ?? '', title, lead };
}

/**
 * For each article, the IDs of the most similar articles of its group, best first (ties by ID).
 * Articles with none are left out of the result. Deterministic: same signatures, same result.
 */
export function computeSimilar(signatures: readonly SimilarSignature[], options: SimilarOptions = {}): Record<string, string[]> {
  const collector = createSimilarCollector();
  for (const sig of signatures) collector.add(sig);
  return collector.finish(options);
}

/**
 * computeSimilar one signature at a time: each signature is kept as numbers (its terms numbered in the
 * order first met, as computeSimilar numbers them), not as lists of words. Holding the archive's
 * 60,000 signatures as words cost the build some 200 MB.
 */
export interface SimilarCollector {
  add(sig: SimilarSignature): void;
  /**
   * a signature in a parse thread's numbers, with that thread's numbers → numbers shared by the whole
   * build (the search index's: SearchIndexBuilder.termNumbers), or null when its numbers are the shared
   * ones already; no word is hashed again
   */
  addNumbered(sig: NumberedSignature, toShared: readonly number[] | null): void;
  finish(options?: SimilarOptions): Record<string, string[]>;
  /** what finish() computes from, in flat arrays (for another thread: similarOfInput); the collector is empty after */
  input(): SimilarInput;
}

/**
 * The collected signatures as flat arrays, for computing the similar articles on another thread (the
 * build does it beside its search index step): doc k has ids[k], groups[k], its terms
 * terms[starts[k]..starts[k + 1]) (the title's first, titles[k] of them). A term is any number that
 * names it throughout (the shared numbers of addNumbered, or ids): similarOfInput numbers the terms
 * again in the order they first come, as the collector does, and counts their documents.
 */
export interface SimilarInput {
  ids: string[];
  groups: Int32Array;
  starts: Uint32Array;
  terms: Int32Array;
  titles: Uint32Array;
}

/**
 * What the last computation found, by group (similarOf): a group whose key is the same gives the same
 * lists, so a rebuild computes only the groups an edit touched (lib/build/similar-memo.ts keeps it in
 * a file). A group's key covers all that its lists are computed from: its articles' IDs, titles and
 * terms (numbered within the group), each term's document frequency and the terms' order of rarity, the
 * article count and the options.
 */
export interface SimilarReuse {
  /** the key of a group's input: a digest of the words and the text (e.g. SHA-1) */
  digest(words: Int32Array, text: string): string;
  /** the lists of a group with this key, as the last computation gave them ([id, list] of each article that has any) */
  get(key: string): readonly (readonly [string, string[]])[] | undefined;
  /** notes a group's lists under its key (every group of this computation, reused or not) */
  set(key: string, lists: readonly (readonly [string, string[]])[], reused: boolean): void;
}

/** The similar articles of an input (SimilarCollector.input): what finish() gives. */
export function similarOfInput(input: SimilarInput, options: SimilarOptions = {}, reuse?: SimilarReuse): Record<string, string[]> {
  // term ids in the order terms first come (docs in order, title first) and document frequencies
  let most = -1;
  for (const t of input.terms) if (t > most) most = t;
  const idOf = new Int32Array(most + 1).fill(-1);
  const terms = new Int32Array(input.terms.length);
  const df: number[] = [];
  for (let i = 0; i < terms.length; i++) {
    const t = input.terms[i]!;
    let id = idOf[t]!;
    if (id < 0) {
      id = idOf[t] = df.length;
      df.push(0);
    }
    terms[i] = id;
    df[id] = df[id]! + 1;
  }
  const docs = input.ids.map((id, k) => ({ id, group: input.groups[k]!, terms: terms.subarray(input.starts[k]!, input.starts[k + 1]!), title: input.titles[k]! }));
  return similarOf(docs, df, options, reuse);
}

export function createSimilarCollector(): SimilarCollector {
  // term ids, in the order terms first come in a signature, however they come (text or shared number):
  // the ranking breaks ties of frequency by id (similarOfInput counts the documents of each)
  const termIds = new Map<string, number>();
  let idsByShared = new Int32Array(0).fill(-1);
  let ids = 0;
  const groupIds = new Map<string, number>();
  // per signature, in flat arrays (no object or typed array per article: 60,000 of each were garbage
  // the build's main thread marked again and again): its id, its group's number, how many of its terms
  // are the title's, and its terms (title first) at terms[starts[k] … starts[k + 1])
  const docIds: string[] = [];
  const groups: number[] = [];
  const titles: number[] = [];
  const starts: number[] = [0];
  let terms = new Int32Array(1 << 16);
  let used = 0;
  const newId = (): number => ids++;
  // signatures given in shared numbers (addNumbered without a map): their terms are kept as they are
  let shared = false;
  /** Files a signature of `count` terms (the title's first), each given by `termAt`. */
  const file = (sig: { id: string; group: string }, count: number, title: number, termAt: (i: number) => number): void => {
    let group = groupIds.get(sig.group);
    if (group === undefined) groupIds.set(sig.group, (group = groupIds.size));
    if (used + count > terms.length) {
      const grown = new Int32Array(Math.max(used + count, terms.length * 2));
      grown.set(terms.subarray(0, used));
      terms = grown;
    }
    for (let i = 0; i < count; i++) terms[used + i] = termAt(i);
    used += count;
    docIds.push(sig.id);
    groups.push(group);
    titles.push(title);
    starts.push(used);
  };
  return {
    add(sig) {
      const words = [...sig.title, ...sig.lead];
      file(sig, words.length, sig.title.length, (i) => {
        const term = words[i]!;
        let id = termIds.get(term);
        if (id === undefined) termIds.set(term, (id = newId()));
        return id;
      });
    },
    addNumbered(sig, toShared) {
      const titleLength = sig.title.length;
      const at = (i: number): number => (i < titleLength ? sig.title[i]! : sig.lead[i - titleLength]!);
      const count = titleLength + sig.lead.length;
      if (toShared === null) {
        // in the shared numbers: kept as they are (similarOfInput numbers them in the order they come)
        if (ids > 0) throw new Error('similar articles: signatures in shared numbers cannot join signatures numbered here');
        shared = true;
        file(sig, count, titleLength, at);
        return;
      }
      if (shared) throw new Error('similar articles: signatures numbered here cannot join signatures in shared numbers');
      file(sig, count, titleLength, (i) => {
        const n = at(i);
        const number = toShared[n];
        if (number === undefined) throw new Error(`similar articles: term number ${n} was never named by its thread`);
        if (number >= idsByShared.length) {
          const grown = new Int32Array(Math.max(number + 1, idsByShared.length * 2)).fill(-1);
          grown.set(idsByShared);
          idsByShared = grown;
        }
        let id = idsByShared[number]!;
        if (id < 0) id = idsByShared[number] = newId();
        return id;
      });
    },
    finish(options = {}) {
      return similarOfInput(this.input(), options);
    },
    input() {
      termIds.clear();
      idsByShared = new Int32Array(0);
      const input: SimilarInput = {
        ids: docIds.splice(0), groups: Int32Array.from(groups), starts: Uint32Array.from(starts), terms: terms.slice(0, used),
        titles: Uint32Array.from(titles),
      };
      groups.length = titles.length = 0;
      starts.length = 1;
      terms = new Int32Array(0);
      used = 0;
      ids = 0;
      return input;
    },
  };
}

type SimilarDoc = { id: string; group: number; terms: Int32Array; title: number };

function similarOf(docs: readonly SimilarDoc[], df: readonly number[], options: SimilarOptions, reuse?: SimilarReuse): Record<string, string[]> {
  const keep = options.keep ?? 6;
  const minScore = options.minScore ?? 0.12;
  const minShared = options.minShared ?? 2;
  const maxPosting = options.maxPosting ?? 200;
  const probeTerms = options.probeTerms ?? 12;
  const n = docs.length;
  // renumber the terms rarest first: a document's terms sorted by number are then its rarest first
  const byRarity = Int32Array.from(df.keys()).sort((a, b) => (df[a] ?? 0) - (df[b] ?? 0) || a - b);
  const rank = new Int32Array(df.length);
  byRarity.forEach((term, r) => { rank[term] = r; });
  const idfByRank = Float64Array.from(byRarity, (term) => Math.log(1 + n / (df[term] ?? 1)));
  // each document's terms by rank (then by place: rank × 2^16 + place, sorted as numbers), weighted;
  // made for the groups that are computed
  const vectorOf = ({ id, group, terms, title }: SimilarDoc) => {
    const keys = new Float64Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      // insertion sort: a few dozen terms each, where a typed array's sort() costs more to set up
      const key = rank[terms[i]!]! * 65536 + i;
      let j = i;
      for (; j > 0 && keys[j - 1]! > key; j--) keys[j] = keys[j - 1]!;
      keys[j] = key;
    }
    const ranked = new Int32Array(terms.length);
    const w = new Float64Array(terms.length);
    let norm = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const i = key % 65536;
      ranked[k] = (key - i) / 65536;
      const x = (i < title ? TITLE_WEIGHT : 1) * idfByRank[ranked[k]!]!;
      w[k] = x;
      norm += x * x;
    }
    return { id, group, terms: ranked, w, norm: Math.sqrt(norm) };
  };

  const groups = new Map<number, number[]>();
  docs.forEach((d, i) => {
    const list = groups.get(d.group);
    if (list) list.push(i);
    else groups.set(d.group, [i]);
  });

  const result: Record<string, string[]> = Object.create(null);
  const settings = `${n} ${keep} ${minScore} ${minShared} ${maxPosting} ${probeTerms} ${TITLE_WEIGHT}`;
  // a group's key (SimilarReuse): its articles' titles and terms numbered within the group, each
  // term's document frequency, the terms' order of rarity (the rest of the ranking does not reach
  // it), and its articles' IDs with the settings
  const localOf = new Int32Array(df.length).fill(-1);
  const keyOf = (members: readonly number[], digest: SimilarReuse['digest']): string => {
    const words: number[] = [members.length];
    const distinct: number[] = [];
    for (const doc of members) {
      const { terms, title } = docs[doc]!;
      words.push(title, terms.length);
      for (const t of terms) {
        let local = localOf[t]!;
        if (local < 0) {
          local = localOf[t] = distinct.length;
          distinct.push(t);
        }
        words.push(local);
      }
    }
    words.push(distinct.length);
    for (const t of distinct) words.push(df[t]!);
    const rarest = distinct.map((_, local) => local).sort((a, b) => rank[distinct[a]!]! - rank[distinct[b]!]!);
    words.push(...rarest);
    for (const t of distinct) localOf[t] = -1;
    return digest(Int32Array.from(words), `${settings}\0${members.map((doc) => docs[doc]!.id).join('\0')}`);
  };
  // a group's postings, term (rank) → its documents (local numbers, ascending) and their weights for
  // it: `count[t]` entries from `start[t]` in `locals`/`weights`. The by-term arrays are shared by
  // every group and cleared after each (a group touches only its own terms).
  const count = new Int32Array(df.length);
  const start = new Int32Array(df.length);
  const cursor = new Int32Array(df.length);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const key = reuse ? keyOf(members, reuse.digest) : '';
    const kept = reuse?.get(key);
    if (kept) {
      for (const [id, list] of kept) result[id] = list;
      reuse!.set(key, kept, true);
      continue;
    }
    const lists: [string, string[]][] = [];
    const vectors = members.map((doc) => vectorOf(docs[doc]!));
    const distinct: number[] = [];
    for (const v of vectors) {
      for (const term of v.terms) if (count[term]!++ === 0) distinct.push(term);
    }
    let size = 0;
    for (const term of distinct) {
      start[term] = cursor[term] = size;
      size += count[term]!;
    }
    const locals = new Int32Array(size);
    const weights = new Float64Array(size);
    vectors.forEach((v, local) => {
      for (let k = 0; k < v.terms.length; k++) {
        const at = cursor[v.terms[k]!]!++;
        locals[at] = local;
        weights[at] = v.w[k]!;
      }
    });
    const norms = Float64Array.from(vectors, (v) => v.norm);
    const score = new Float64Array(members.length);
    const shared = new Uint16Array(members.length);
    const touched: number[] = [];
    vectors.forEach((v, local) => {
      // its rarest terms (the terms are in rarity order) that are not too common in the group
      let probed = 0;
      for (let k = 0; k < v.terms.length && probed < probeTerms; k++) {
        const term = v.terms[k]!;
        const length = count[term]!;
        if (length > maxPosting) continue;
        probed++;
        const wk = v.w[k]!;
        for (let p = start[term]!, end = p + length; p < end; p++) {
          const other = locals[p]!;
          if (other === local) continue;
          if (shared[other] === 0) touched.push(other);
          shared[other] = shared[other]! + 1;
          score[other] = score[other]! + wk * weights[p]!;
        }
      }
      const picked: { id: string; s: number }[] = [];
      for (const other of touched) {
        const cosine = score[other]! / (v.norm * norms[other]! || 1);
        if (shared[other]! >= minShared && cosine >= minScore) picked.push({ id: vectors[other]!.id, s: cosine });
        score[other] = 0;
        shared[other] = 0;
      }
      touched.length = 0;
      if (picked.length === 0) return;
      picked.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const list = picked.slice(0, keep).map((p) => p.id);
      result[v.id] = list;
      lists.push([v.id, list]);
    });
    for (const term of distinct) count[term] = 0;
    reuse?.set(key, lists, false);
  }
  return result;
}
