/**
 * Which terms of an article go into which field: title (with the article's ID term and codes named
 * in the title), lead (the sections lib/section-kinds.ts puts there: Summary, Symptoms; products, the
 * article's own query words) and rest.
 * A term counts once, in the best field it appears in.
 */
import type { ArticleRecord } from '../parse/types';
import { FIELDS, pairHash, type Field } from './format';
import { canonicalTerm } from './code-query';
import { STOP_WORDS, idTerm, tokenize, tokenizeWithWords } from './tokenize';
import { searchFieldOf } from '../section-kinds';

/** The distinct terms of each field of a record, each term in its best field only. */
export function fieldTermsOf(record: ArticleRecord): Record<Field, Set<string>> {
  return termsAndPairsOf(record, false).fields;
}

/**
 * The distinct word pairs of an article, as hashes (pairHash): each two neighbouring words of the
 * title and of each section, in order, stop words included. A pair never spans two sections.
 */
export function pairHashesOf(record: ArticleRecord): number[] {
  return termsAndPairsOf(record, true).pairs;
}

/** fieldTermsOf and (with `withPairs`) pairHashesOf of a record, its texts read once. */
export function termsAndPairsOf(record: ArticleRecord, withPairs = true): { fields: Record<Field, Set<string>>; pairs: number[] } {
  const pairs = new Set<number>();
  const words: string[] | null = withPairs ? [] : null;
  const scan = (text: string): string[] => {
    if (!words) return tokenize(text);
    words.length = 0;
    const terms = tokenizeWithWords(text, words);
    for (let i = 1; i < words.length; i++) pairs.add(pairHash(words[i - 1]!, words[i]!));
    return terms;
  };
  const title = new Set(scan(record.title));
  if (record.number !== null) title.add(idTerm(record.number));
  const lead = new Set<string>();
  const rest = new Set<string>();
  for (const section of record.sections) {
    const target = searchFieldOf(section.kind) === 'lead' ? lead : rest;
    for (const term of scan(section.text)) target.add(term);
  }
  for (const text of [...record.products, ...record.queryWords]) for (const term of tokenize(text)) lead.add(term);
  for (const text of [...record.keywords, ...record.technology, ...record.versions, ...record.operatingSystems, ...record.appliesTo]) {
    for (const term of tokenize(text)) rest.add(term);
  }
  for (const code of record.errorCodes) {
    const term = canonicalTerm(code.family, code.value);
    if (code.where.includes('title')) title.add(term);
    else if (code.where.some((w) => searchFieldOf(w) === 'lead')) lead.add(term);
    else rest.add(term);
  }
  // stop words stay searchable in titles only (a query of nothing but stop words searches titles)
  for (const set of [lead, rest]) for (const term of set) if (STOP_WORDS.has(term)) set.delete(term);
  const fields: Record<Field, Set<string>> = { title, lead, rest };
  // keep each term in its best field only: fewer postings, and the score takes the best field anyway
  for (let i = 1; i < FIELDS.length; i++) {
    const set = fields[FIELDS[i]!];
    const better = FIELDS.slice(0, i).map((field) => fields[field]);
    for (const term of set) if (better.some((b) => b.has(term))) set.delete(term);
  }
  return { fields, pairs: [...pairs] };
}
