/**
 * A search index of some records, built into a temp folder before a test file's tests and removed
 * after them: what the search tests share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
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
