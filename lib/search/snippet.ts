/**
 * Snippets and highlights (isomorphic): which excerpt of a result to show and where the query's
 * words are in it. Highlights are [start, end) character ranges into plain text; the UI escapes
 * the text and wraps the ranges in <mark>, so no markup is ever built from article text here.
 */
import { tokenize } from './tokenize';

export interface Snippet {
  text: string;
  highlights: [number, number][];
}

// the same token shapes as tokenize(), so ranges line up with what was matched
const TOKEN = /0x[0-9a-f]+|\d+(?:\.\d+)+(?![a-z0-9])|[a-z0-9]+(?:_[a-z0-9]+)*/gi;

/**
 * The ranges of `text` whose tokens are in `terms`, or start with `prefix` (the word being typed).
 * Phrases (lower-case) are highlighted as a whole where they occur.
 */
export function highlight(text: string, terms: ReadonlySet<string>, prefix = '', phrases: string[] = []): [number, number][] {
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [term] = tokenize(match[0]);
    if (term === undefined) continue;
    if (terms.has(term) || (prefix.length > 0 && term.startsWith(prefix))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  const lower = text.toLowerCase();
  for (const phrase of phrases) {
    for (let at = lower.indexOf(phrase); at !== -1; at = lower.indexOf(phrase, at + phrase.length)) {
      ranges.push([at, at + phrase.length]);
    }
  }
  return mergeRanges(ranges);
}

/** Sorts ranges and joins overlapping ones. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

/** Picks the excerpt with the most highlighted words (the first one when none has any). */
export function pickExcerpt(
  excerpts: [string, string][],
  terms: ReadonlySet<string>,
  prefix = '',
  phrases: string[] = [],
): { section: string; snippet: Snippet; hits: number } {
  let best = { section: '', snippet: { text: '', highlights: [] as [number, number][] }, hits: -1 };
  for (const [section, text] of excerpts) {
    const highlights = highlight(text, terms, prefix, phrases);
    if (highlights.length > best.hits) best = { section, snippet: { text, highlights }, hits: highlights.length };
  }
  return { ...best, hits: Math.max(0, best.hits) };
}
