/**
 * The doc-table row of an article: what a result shows without loading the article
 * (ID, title, permalink, product, date, and a short excerpt of its main sections for the snippet).
 */
import type { ArticleRecord } from '../parse/types';
import { defaultPermalink, type DocEntry } from './format';
import { excerptRankOf } from '../section-kinds';

const MAX_EXCERPTS = 2;
const EXCERPT_LENGTH = 120;

/** Cuts text to about `length` characters at a word boundary. */
export function excerptOf(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.lastIndexOf(' ', length);
  return `${flat.slice(0, cut > length / 2 ? cut : length)}…`;
}

/** The doc-table row of a record; `productIndex` indexes SearchMeta.products (-1: none). */
export function docEntryOf(record: ArticleRecord, productIndex: number): DocEntry {
  const sections = record.sections
    .filter((s) => s.text.trim().length > 0)
    .map((s, order) => ({ s, order }))
    // the sections whose opening best tells what an article says first (excerptRank in lib/section-kinds.ts)
    .sort((a, b) => excerptRankOf(a.s.kind) - excerptRankOf(b.s.kind) || a.order - b.order)
    .slice(0, MAX_EXCERPTS)
    .map(({ s }): [string, string] => [s.kind, excerptOf(s.text)]);
  const permalink = record.permalink === defaultPermalink(record.id) ? '' : record.permalink;
  return [record.id, record.title, permalink, productIndex, record.lastModified ?? '', sections];
}
