/**
 * The one tokenizer of search, shared by the index builder (server) and the query code (browser, CLI).
 * Terms are lower-case; numbers stay whole (`10038` is never `1003` or `100380`); hex codes are
 * normalized (`0x0000000A` → `0xa`); article numbers in any spelling become one ID term (`q155738`).
 */

/** Words too common to narrow a search; dropped unless the query is nothing but them. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an and are as at be but by can do does for from has have how i if in into is it its may no not of on ' +
    'or so such that the their then there these they this to was were when which will with you your').split(' '),
);

/** Longer tokens are noise (encoded data, runs of dashes) and would bloat the index. */
const MAX_TERM_LENGTH = 40;

// Order matters: hex before plain words, dotted versions before plain numbers.
const TOKEN = /0x[0-9a-f]+|\d+(?:\.\d+)+(?![a-z0-9])|[a-z0-9]+(?:_[a-z0-9]+)*/g;

/** The ID term of an article number: `q155738` (no leading zeros). */
export function idTerm(articleNumber: number): string {
  return `q${articleNumber}`;
}

/** Normalizes one raw token: hex without padding, `kb155738`/`q0155738` → `q155738`. */
function normalize(raw: string): string {
  const first = raw.charCodeAt(0);
  if (first === 48 /* 0 */ && raw.charCodeAt(1) === 120 /* x */) {
    const digits = raw.slice(2).replace(/^0+(?=.)/, '');
    return `0x${digits}`;
  }
  // only `q…` and `kb…` can be an article ID (most tokens are not: no pattern run on them)
  if (first !== 113 /* q */ && first !== 107 /* k */) return raw;
  const id = /^(?:q|kb)0*(\d{1,7})$/.exec(raw);
  if (id) return `q${id[1]}`;
  return raw;
}

function keep(term: string): boolean {
  // one letter carries no meaning on its own; one digit does (`error 5`)
  return term.length <= MAX_TERM_LENGTH && (term.length > 1 || /\d/.test(term));
}

/** Words after which a decimal number is an error number (`Error 0352`: also indexed as `352`). */
const ERROR_WORDS: ReadonlySet<string> = new Set(['error', 'err']);

/**
 * The other spellings a number token stands for, beside itself (`0x…` terms without padding):
 * `7Dh` → `0x7d`; 8 hex digits with a digit among them (`0000007D`, `80004005`) → `0x7d`, `0x80004005`.
 * In text, a decimal with leading zeros right after `error`/`err` also gives its value (`Error 0352` → `352`).
 */
function numberSpellings(term: string, previous: string | undefined): string[] {
  let m: RegExpExecArray | null;
  if ((m = HEX_H.exec(term))) return [hexTerm(m[1]!)];
  if (/^[0-9a-f]{8}$/.test(term) && /\d/.test(term)) return [hexTerm(term)];
  if (previous !== undefined && ERROR_WORDS.has(previous) && /^0+\d/.test(term) && /^\d{2,10}$/.test(term)) return [String(Number(term))];
  return [];
}

/** Assembler hex: a digit first (`0` before a letter), up to 8 digits after the zeros, then `h`: `7Dh`, `0C0000005h`. */
const HEX_H = /^(0*[1-9a-f][0-9a-f]{0,7}|0+)h$/;

/** `0x` and the hex digits without padding: `0000007D` → `0x7d`. */
export function hexTerm(digits: string): string {
  return `0x${digits.toLowerCase().replace(/^0x/, '').replace(/^0+(?=.)/, '')}`;
}

/**
 * Splits text into index terms, in order, duplicates kept. Identifiers with underscores
 * (`ERROR_ACCESS_DENIED`) give the whole name and its parts, so both spellings find them; numbers
 * give their other spellings too (see numberSpellings).
 */
export function tokenize(text: string): string[] {
  return tokenizeWithWords(text, null);
}

/**
 * tokenize() and phraseWords() in one pass over the text: its terms are returned, its phrase words
 * pushed onto `words` (when given). The build wants both of every section.
 */
export function tokenizeWithWords(text: string, words: string[] | null): string[] {
  const out: string[] = [];
  let previous: string | undefined;
  // match() with /g gives the tokens as strings: no match object per token, as matchAll makes
  for (const token of text.toLowerCase().match(TOKEN) ?? []) {
    const term = normalize(token);
    if (keep(term)) {
      out.push(term);
      words?.push(term);
    }
    if (term.includes('_')) {
      for (const part of term.split('_')) if (keep(part)) out.push(part);
    } else if (/\d/.test(term)) {
      for (const other of numberSpellings(term, previous)) if (other !== term) out.push(other);
    }
    previous = term;
  }
  return out;
}

/**
 * The words of a text in order as phrases see them: every kept term (stop words too), but no
 * identifier parts or other spellings. Word pairs are made of neighbours in this list.
 */
export function phraseWords(text: string): string[] {
  const out: string[] = [];
  for (const token of text.toLowerCase().match(TOKEN) ?? []) {
    const term = normalize(token);
    if (keep(term)) out.push(term);
  }
  return out;
}

/**
 * Splits a query into terms: as `tokenize`, but `kb 155738` / `q 155738` join into the ID term,
 * identifier parts are not added (the whole name is what the user typed), and stop words are
 * dropped unless nothing else is left.
 */
export function tokenizeQuery(text: string): string[] {
  const raw: string[] = [];
  for (const match of text.toLowerCase().matchAll(TOKEN)) raw.push(match[0]);
  const joined: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i]!;
    const next = raw[i + 1];
    if ((word === 'kb' || word === 'q') && next !== undefined && /^\d{1,7}$/.test(next)) {
      joined.push(`q${Number(next)}`);
      i++;
      continue;
    }
    joined.push(normalize(word));
  }
  const terms = joined.filter(keep);
  const content = terms.filter((t) => !STOP_WORDS.has(t));
  return content.length > 0 ? content : terms;
}

/**
 * The other terms a query word may mean, besides itself. A number is read as hex when it has `0x`,
 * a trailing `h`, a letter a-f beside digits, or is 8 digits long (then as decimal too, without
 * its leading zeros); a decimal with leading zeros also means its value (`0352` → `352`).
 * Other digit strings are decimal only: `10038` never means `100380` or `0x10038`.
 */
export function queryNumberSpellings(term: string): string[] {
  if (term.startsWith('0x') || isIdTerm(term)) return [];
  let m: RegExpExecArray | null;
  if (/^\d/.test(term) && (m = HEX_H.exec(term))) return [hexTerm(m[1]!)];
  if (/^[0-9a-f]{1,8}$/.test(term) && /\d/.test(term) && /[a-f]/.test(term)) return [hexTerm(term)];
  if (/^\d{8}$/.test(term)) return [hexTerm(term), ...(/^0/.test(term) ? [String(Number(term))] : [])];
  if (/^0+\d+$/.test(term) && term.length <= 10) return [String(Number(term))];
  return [];
}

/** True for terms that are article IDs (`q155738`). */
export function isIdTerm(term: string): boolean {
  return /^q\d{1,7}$/.test(term);
}
