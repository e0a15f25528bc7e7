/**
 * Builds the 404 page's alias map from the site's article list: a bitset of the article numbers that
 * follow the archive's permalink scheme (60,335 numbers up to ~330,000 → ~55 KB base64, ~40 KB less
 * gzipped) plus the few articles that do not. Server-only (Buffer).
 */
import type { ArticleRecord } from '../parse/types';
import { defaultArticlePath, type AliasData } from './alias-path';

export type AliasArticle = Pick<ArticleRecord, 'id' | 'number' | 'permalink'>;

/** Builds the alias data; on a clash of numbers or ids the first article (sorted order) wins. */
export function buildAliasData(articles: readonly AliasArticle[]): AliasData {
  const defaults: number[] = [];
  const exceptions: Record<string, string> = {};
  // ids come from article files: own keys only (an ID may be `constructor`; none can be `__proto__`)
  const ids: Record<string, string> = {};
  const seen = new Set<number>();
  for (const a of articles) {
    if (a.number !== null && a.number > 0 && Number.isSafeInteger(a.number)) {
      if (seen.has(a.number)) continue;
      seen.add(a.number);
      if (a.permalink === defaultArticlePath(a.number)) defaults.push(a.number);
      else exceptions[String(a.number)] = a.permalink;
    } else {
      const key = a.id.toLowerCase();
      if (!Object.hasOwn(ids, key)) ids[key] = a.permalink;
    }
  }
  const max = defaults.reduce((m, n) => Math.max(m, n), 0);
  // pad to whole 3-byte groups so every 4-char base64 chunk decodes on its own
  const bytes = Buffer.alloc(Math.ceil((Math.floor(max / 8) + 1) / 3) * 3);
  for (const n of defaults) bytes[n >> 3] = (bytes[n >> 3] ?? 0) | (1 << (n & 7));
  return { v: 1, bits: bytes.toString('base64'), exceptions, ids };
}
