/**
 * A search index of some records, built into a temp folder before a test file's tests and removed
 * after them: what the search tests share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import type { ArticleRecord } from '../../lib/parse/types';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { fileLoader } from '../../lib/search/load-files';
import { createSearcher, type Searcher } from '../../lib/search/query';

/** Registers the build (before) and the clean-up (after); read `dir` and `searcher` inside tests. */
export function useSearchIndex(records: readonly ArticleRecord[], prefix: string): { readonly dir: string; readonly searcher: Searcher } {
  let dir = '';
  let searcher: Searcher | undefined;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    const builder = createSearchIndexBuilder();
    for (const r of records) builder.add(r);
    await builder.finish(dir);
    searcher = createSearcher(fileLoader(dir));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() { return dir; },
    get searcher() {
      if (!searcher) throw new Error('the search index is built in before(): read it inside a test');
      return searcher;
    },
  };
}

/**
 * A record numbered `base + n` with a symptoms section of `text` and a cause naming `n`, in one of
 * two products by n: what the index-building tests feed the builder.
 */
export function sampleRecord(n: number, title: string, text: string, { base = 300000, lastModified = '1998-03-04' } = {}): ArticleRecord {
  const id = `Q${base + n}`;
  return {
    id, number: base + n, title, permalink: `/kb/${id.slice(1, 4)}/${id}/`,
    ...emptyPageFields(), products: [n % 3 === 0 ? 'Sample Server' : 'Sample Client'], lastModified,
    sections: [
      { kind: 'symptoms', heading: 'SYMPTOMS', text, blocks: [] },
      { kind: 'cause', heading: 'CAUSE', text: `Cause number ${n}: the ${title.toLowerCase()} path.`, blocks: [] },
    ],
    errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown',
  };
}
