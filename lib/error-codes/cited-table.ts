/**
 * The small table the browser gets: only the codes the articles cite (a few hundred of 5,752), with
 * how many articles cite each. Built once per build from the records' `errorCodes`.
 */
import type { ErrorCodeMention } from './types';
import type { CodeMatch } from './normalize';
import { toHex } from './parse-query';
import { descriptionOf } from './table';

/** A code the articles cite: its identity as lookupCode gives it, and how many articles cite it. */
export interface CitedCode extends Omit<CodeMatch, 'hresult'> {
  /** articles that mention the code anywhere */
  articles: number;
  /** articles that mention it in the title */
  titles: number;
}

/** Collapses the `errorCodes` of every article into one entry per cited code, most cited first. */
export function buildCitedCodeTable(articles: Iterable<readonly ErrorCodeMention[]>): CitedCode[] {
  const table = new Map<string, CitedCode>();
  for (const mentions of articles) {
    for (const m of mentions) {
      let entry = table.get(m.key);
      if (!entry) {
        entry = { key: m.key, name: m.name, family: m.family, value: m.value, hex: toHex(m.value), articles: 0, titles: 0 };
        const description = descriptionOf(m.key);
        if (description) entry.description = description;
        table.set(m.key, entry);
      }
      entry.articles++;
      if (m.where.includes('title')) entry.titles++;
    }
  }
  return [...table.values()].sort((a, b) => b.articles - a.articles || a.key.localeCompare(b.key));
}
