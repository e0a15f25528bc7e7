/**
 * Dedupe of records in sorted path order. A permalink is one page: the first file to claim it keeps
 * it, a later claimant is refused with an error naming both files (Next.js would otherwise drop one
 * of two identical route params without a word). An article ID claimed by files with different
 * permalinks loses nothing: both are pages, a warning names both, and the ID's lookups and aliases go
 * to the one whose permalink follows the ID's own scheme, else to the first in path order.
 */
import { defaultPermalink } from '../parse/permalink';
import type { ArticleRecord, Problem } from '../parse/types';

/** Permalinks compare case-insensitively and without the trailing slash: `/a/B` and `/a/b/` clash. */
export function permalinkKey(permalink: string): string {
  return permalink.replace(/\/+$/, '').toLowerCase();
}

/** IDs compare case-insensitively: their store files must not clash on case-insensitive disks. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

/** Whether an article's permalink is the one its ID's scheme gives (`/kb/155/Q155738/` for Q155738). */
export function followsIdScheme(a: Pick<ArticleRecord, 'id' | 'number' | 'permalink'>): boolean {
  return permalinkKey(a.permalink) === permalinkKey(defaultPermalink(a.id, a.number));
}

/**
 * Each ID → the article its lookups go to (path-ordered input): when several claim an ID, the first
 * whose permalink follows the ID's scheme, else the first.
 */
export function primaryById<T extends Pick<ArticleRecord, 'id' | 'number' | 'permalink'>>(articles: readonly T[]): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const a of articles) {
    const held = byKey.get(idKey(a.id));
    if (!held || (!followsIdScheme(held) && followsIdScheme(a))) byKey.set(idKey(a.id), a);
  }
  const out = new Map<string, T>();
  for (const a of articles) out.set(a.id, byKey.get(idKey(a.id)) as T);
  return out;
}

export interface Admission {
  admitted: boolean;
  /** an error when refused; a warning when admitted as a second claimant of an ID */
  problem?: Problem;
}

/** Starts a dedupe pass; feed it records in sorted path order. */
export function createDeduper(): { admit(record: Pick<ArticleRecord, 'id' | 'number' | 'permalink' | 'source'>): Admission } {
  const ids = new Map<string, Pick<ArticleRecord, 'id' | 'number' | 'permalink' | 'source'>[]>();
  const permalinks = new Map<string, string>();
  return {
    admit(record) {
      const id = idKey(record.id);
      const link = permalinkKey(record.permalink);
      const claimants = ids.get(id) ?? [];
      const sameLink = claimants.find((c) => permalinkKey(c.permalink) === link);
      if (sameLink) {
        return refuse(record, 'duplicate-id', `article ID ${record.id} with permalink ${record.permalink} is also claimed by ${sameLink.source}, which comes first in path order and is kept; ${record.source} is skipped`);
      }
      const firstByLink = permalinks.get(link);
      if (firstByLink !== undefined) {
        return refuse(record, 'duplicate-permalink', `permalink ${record.permalink} is also claimed by ${firstByLink}, which comes first in path order and is kept; ${record.source} is skipped`);
      }
      const entry = { id: record.id, number: record.number, permalink: record.permalink, source: record.source };
      permalinks.set(link, record.source);
      if (!claimants.length) {
        ids.set(id, [entry]);
        return { admitted: true };
      }
      ids.set(id, [...claimants, entry]);
      const primary = primaryById([...claimants, entry]).get(record.id) as typeof entry;
      const others = claimants.map((c) => `${c.source} (${c.permalink})`).join(', ');
      return {
        admitted: true,
        problem: {
          file: record.source, line: 1, code: 'duplicate-id', severity: 'warning',
          message: `article ID ${record.id} is also claimed by ${others}; both are pages (${record.permalink} here), and the ID's lookups and aliases go to ${primary.source} (${primary.permalink}: ${followsIdScheme(primary) ? "its permalink follows the ID's scheme" : 'first in path order'})`,
        },
      };
    },
  };
}

function refuse(record: Pick<ArticleRecord, 'id' | 'permalink' | 'source'>, code: string, message: string): Admission {
  return { admitted: false, problem: { file: record.source, line: 1, code, message, severity: 'error' } };
}
