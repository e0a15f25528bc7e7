/**
 * Dedupe of records in sorted path order: the first file to claim an article ID or a permalink keeps
 * it; a later claimant is refused with an error naming both files. Next.js would otherwise drop one
 * of two identical route params without a word.
 */
import type { ArticleRecord, Problem } from '../parse/types';

/** Permalinks compare case-insensitively and without the trailing slash: `/a/B` and `/a/b/` clash. */
export function permalinkKey(permalink: string): string {
  return permalink.replace(/\/+$/, '').toLowerCase();
}

/** IDs compare case-insensitively: their store files must not clash on case-insensitive disks. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

export interface Deduper {
  /** Returns null when the record is admitted, else the error that refuses it. */
  admit(record: ArticleRecord): Problem | null;
}

/** Starts a dedupe pass; feed it records in sorted path order. */
export function createDeduper(): Deduper {
  const ids = new Map<string, string>();
  const permalinks = new Map<string, string>();
  return {
    admit(record) {
      const firstById = ids.get(idKey(record.id));
      if (firstById !== undefined) {
        return refuse(record, 'duplicate-id', `article ID ${record.id} is also claimed by ${firstById}, which comes first in path order and is kept; ${record.source} is skipped`);
      }
      const firstByLink = permalinks.get(permalinkKey(record.permalink));
      if (firstByLink !== undefined) {
        return refuse(record, 'duplicate-permalink', `permalink ${record.permalink} is also claimed by ${firstByLink}, which comes first in path order and is kept; ${record.source} is skipped`);
      }
      ids.set(idKey(record.id), record.source);
      permalinks.set(permalinkKey(record.permalink), record.source);
      return null;
    },
  };
}

function refuse(record: ArticleRecord, code: string, message: string): Problem {
  return { file: record.source, line: 1, code, message, severity: 'error' };
}
