/**
 * One term file of the search index from its postings: FlexSearch is fed each article's terms of the
 * shard, one index per field, and only the exported maps are kept (server-only). Its own module so
 * that the build can run it on worker threads (lib/build/shard-export.ts): the files are independent,
 * and feeding FlexSearch was most of the index step, on one core.
 */
import { Index } from 'flexsearch';
import { FIELDS, encodeTermChunk, flexOptions, type Field, type TermChunk, type TermShard } from './format';

/**
 * A term file's postings, by field: its terms in the order they reach FlexSearch, how many articles
 * each has, and those articles (ascending) one term after another. Typed arrays, so that handing it
 * to a worker thread copies no lists of numbers.
 */
export type ShardPayload = Record<Field, { terms: string[]; counts: Uint32Array; docs: Uint32Array }>;

/** The term file's JSON text (a TermShard). */
export async function exportShard(shard: ShardPayload): Promise<string> {
  const out: TermShard = {};
  for (const field of FIELDS) {
    const { terms, counts, docs } = shard[field];
    if (terms.length === 0) continue;
    const termsByDoc = new Map<number, string[]>();
    for (let t = 0, at = 0; t < terms.length; t++) {
      const term = terms[t]!;
      for (const end = at + counts[t]!; at < end; at++) {
        const doc = docs[at]!;
        const list = termsByDoc.get(doc);
        if (list) list.push(term);
        else termsByDoc.set(doc, [term]);
      }
    }
    const index = new Index(flexOptions);
    for (const [doc, list] of [...termsByDoc].sort((a, b) => a[0] - b[0])) index.add(doc, list.join(' '));
    const chunks: TermChunk[] = [];
    await index.export((key: string, data: string) => {
      if (key.endsWith('map')) chunks.push(encodeTermChunk(JSON.parse(data) as [string, number[][]][]));
    });
    out[field] = chunks;
  }
  return JSON.stringify(out);
}
