/**
 * Search over the real archive: builds the index from the corpus (or uses KB_SEARCH_INDEX, an index
 * folder already built from it), then checks the first hits of the queries people type and that a
 * 1-3 word query reads at most 130 KB gzip of index files, the files the search box loads on focus
 * included (the browser bundle, ~16 KB, comes on top and is counted by the bench).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { benchQueries } from '../../lib/search/bench-queries';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { corpusOrSkip } from './corpus-path';

const { dir: corpus, skip } = corpusOrSkip();
const BUDGET = 150 * 1024 - 20 * 1024; // leave room for the search bundle

describe('search over the real archive', { skip }, () => {
  let indexDir = process.env.KB_SEARCH_INDEX ?? '';
  let made = '';
  before(async () => {
    if (indexDir) return;
    made = mkdtempSync(path.join(tmpdir(), 'kb-search-corpus-'));
    const builder = createSearchIndexBuilder();
    await loadContent({ contentDir: corpus!, onRecord: (r) => builder.add(r) });
    await builder.finish(made);
    indexDir = made;
  });
  after(() => { if (made) rmSync(made, { recursive: true, force: true }); });

  test('the queries people type find the right article first', async () => {
    const rows = await benchQueries(indexDir, ['10038', 'WSAENOTSOCK', 'KB155738', 'kb 155738', '155738', 'Q155738']);
    for (const row of rows) assert.equal(row.first[0], 'Q155738', `${row.query}: ${row.first.join(', ')}`);
  });

  test('stop 0xa and 0x0000000A find the same bug-check articles', async () => {
    const [a, b] = await benchQueries(indexDir, ['stop 0xa', '0x0000000A', '0xA']);
    assert.ok(a && b && a.total > 50, `stop 0xa: ${a?.total}`);
    assert.deepEqual(a.first, b.first);
  });

  test('a 1-3 word query reads at most 130 KB gzip of index files', async () => {
    // three of the commonest title words together (`windows setup error`) included: 85 KB with 3,771 term files
    const queries = ['printer', 'access denied', 'general protection fault', 'stop 0xa', '10038', 'mail merge field', 'printer driver',
      'windows setup error', 'windows 95 setup', 'sql server error'];
    for (const row of await benchQueries(indexDir, queries)) {
      assert.ok(row.gzipBytes <= BUDGET, `${row.query}: ${row.gzipBytes} bytes gzip in ${row.files} files`);
    }
  });
});
