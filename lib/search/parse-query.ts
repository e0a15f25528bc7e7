/**
 * Turns what a user typed into clauses (isomorphic). Every clause must match (AND); a clause matches
 * when any of its alternative terms does (OR): the spellings of an error code, or a number that may
 * also be an article number. Quoted phrases give their words as clauses and are checked as a whole later.
 */
import { canonicalTerm, type CitedCodeLike, type CodeQuery } from './code-query';
import { STOP_WORDS, hexTerm, idTerm, isIdTerm, phraseWords, queryNumberSpellings, tokenizeQuery } from './tokenize';

export interface Clause {
  /** what the user typed, for messages ("no article has all words: missing …") */
  label: string;
  /** alternative terms; any one matches */
  terms: string[];
  /** ID terms that put their article first when found in an article's own title field */
  ids: string[];
  /** true when the clause need not match (a very common word: see SearchMeta.commonTerms) */
  optional: boolean;
  /** a word quoted by the user, an ID, a code or a number: taken as typed, never corrected */
  exact: boolean;
  /** terms added by typo correction (also in `terms`): matches through them rank below exact ones */
  corrected: string[];
  /** terms of a less likely reading (the decimal one of `00000058`): their matches earn a twentieth of the points */
  weak?: string[];
  /** a stop word made optional because the query's word pairs carry it (required again when no pair can be checked) */
  stop?: boolean;
  /** the canonical terms of the codes the query names: articles that cite the code rank above those that only have the number */
  cites?: string[];
}

/** Two neighbouring words of the query (or of a quoted phrase), in order. */
export type WordPair = [string, string];

export interface ParsedQuery {
  clauses: Clause[];
  /** quoted phrases, lower-case, spaces collapsed */
  phrases: string[];
  /** per quoted phrase, its neighbouring word pairs: an article must have every one (in one section) */
  phrasePairs: WordPair[][];
  /** the neighbouring word pairs of the whole query (stop words included): proximity ranking */
  pairs: WordPair[];
  /** the cited codes the query is a spelling of ([] when it is not one) */
  codes: CitedCodeLike[];
}

/** What the caller knows about the query as an error code (see code-query.ts). */
export interface CodeContext {
  /** parseCodeQuery(query): the syntactic readings, or null when the query is not a code */
  query: CodeQuery | null;
  /** lookupCitedCode(query, cited table): the codes articles cite that it may mean */
  cited: CitedCodeLike[];
}

/** Words that only announce an error code (`error 10038`, `stop 0xa`): part of the code, not clauses. */
const CODE_WORDS = new Set(['error', 'err', 'stop', 'bug', 'check', 'bugcheck', 'system', 'code', 'status']);

/** Parses a query; `commonTerms` (from the index meta) become optional clauses. */
export function parseQuery(query: string, commonTerms: ReadonlySet<string> = new Set(), code: CodeContext = { query: null, cited: [] }): ParsedQuery {
  const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase().replace(/\s+/g, ' ').trim()).filter(Boolean);
  const quoted = new Set(phrases.flatMap((p) => tokenizeQuery(p)));
  const text = query.replace(/"/g, ' ');
  if (code.query) {
    // `stop`, `error` only announce the code: they add points where present, never exclude
    const announce = tokenizeQuery(text).filter((t) => CODE_WORDS.has(t))
      .map((t): Clause => ({ label: t, terms: [t], ids: [], optional: true, exact: true, corrected: [] }));
    return { clauses: [codeClause(text, code.query, code.cited), ...announce], phrases, phrasePairs: [], pairs: [], codes: code.cited };
  }
  const phrasePairs = phrases.map((p) => pairsOf(phraseWords(p)));
  const pairs = pairsOf(phraseWords(text));
  const clauses = tokenizeQuery(text).map((term): Clause => {
    const ids = isIdTerm(term) ? [term] : /^\d{1,7}$/.test(term) ? [idTerm(Number(term))] : [];
    const terms = [term, ...queryNumberSpellings(term), ...ids.filter((id) => id !== term)];
    // a stop word only narrows through the word pairs it stands in (it is indexed in titles only)
    const stop = STOP_WORDS.has(term) && pairs.length > 0 && !commonTerms.has(term);
    return { label: term, terms: [...new Set(terms)], ids, optional: commonTerms.has(term) || stop, stop, exact: quoted.has(term) || /\d/.test(term), corrected: [] };
  });
  return { clauses: dedupe(clauses), phrases, phrasePairs, pairs: dedupePairs(pairs), codes: [] };
}

function pairsOf(words: string[]): WordPair[] {
  const out: WordPair[] = [];
  for (let i = 1; i < words.length; i++) out.push([words[i - 1]!, words[i]!]);
  return out;
}

function dedupePairs(pairs: WordPair[]): WordPair[] {
  const seen = new Set<string>();
  return pairs.filter(([a, b]) => !seen.has(`${a} ${b}`) && (seen.add(`${a} ${b}`), true));
}

/**
 * One clause for a query that is an error code: any of its spellings matches. When articles cite the
 * code, its canonical term (set by extraction on every spelling) plus the typed words suffice; otherwise
 * the readings' hex and decimal forms stand in. Fewer terms, fewer shards to fetch.
 */
function codeClause(text: string, query: CodeQuery, cited: CitedCodeLike[]): Clause {
  const terms = new Set<string>();
  for (const code of cited) terms.add(canonicalTerm(code.family, code.value));
  // hex numbers are indexed in every spelling anywhere in the text (`0000007D`, `7Dh`): one term finds them
  for (const reading of query.readings) if (reading.form !== 'decimal' && reading.form !== 'negative') terms.add(hexTerm((reading.value >>> 0).toString(16)));
  if (cited.length === 0) {
    for (const reading of query.readings) {
      terms.add(`0x${(reading.value >>> 0).toString(16)}`);
      // a bare decimal stays as typed; `0xA` must not grow into `10`, which every list of numbers has
      if (reading.form === 'decimal') terms.add(String(reading.value));
    }
    for (const name of query.names) terms.add(name.toLowerCase());
  }
  for (const term of tokenizeQuery(text)) {
    if (CODE_WORDS.has(term)) continue;
    terms.add(term);
    for (const other of queryNumberSpellings(term)) terms.add(other);
  }
  // a number may also be an article number: that article comes first
  const ids = [...terms].filter((t) => /^\d{1,7}$/.test(t)).map((t) => idTerm(Number(t)));
  // 8 digits read as hex first: the decimal reading (58 for 00000058, and the codes of that value) is the weaker one
  const eight = /^\s*(\d{8})\s*$/.exec(text)?.[1];
  const weak = eight === undefined ? [] : [String(Number(eight)), ...cited.filter((c) => c.value === Number(eight)).map((c) => canonicalTerm(c.family, c.value))];
  const cites = cited.map((c) => canonicalTerm(c.family, c.value)).filter((t) => !weak.includes(t));
  return { label: text.trim(), terms: [...terms, ...ids], ids, optional: false, exact: true, corrected: [], weak, cites };
}

function dedupe(clauses: Clause[]): Clause[] {
  const seen = new Set<string>();
  return clauses.filter((c) => !seen.has(c.label) && (seen.add(c.label), true));
}
