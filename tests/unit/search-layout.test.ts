/**
 * The index's file layout (issue 15: at most 6,000 files for the archive): how many files a corpus
 * size gives, the compact encodings of the term, pair and article-number files, and that a query
 * answers the same however many files each kind is split into.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { createSearchIndexBuilder, docsPerShardFor, pairShardCount, termShardCount, type BuildOptions } from '../../lib/search/build-index';
import {
  decodeDocs, decodePairShard, decodeTermChunk, encodeDocs, encodePairShard, encodeTermChunk,
} from '../../lib/search/format';
import { fileLoader } from '../../lib/search/load-files';
import { createSearcher } from '../../lib/search/query';

const ARCHIVE = 60_335;

test('the whole archive gets at most 5,700 term, pair and doc-table files (6,000 in all with the small ones)', () => {
  const big = termShardCount(ARCHIVE) + pairShardCount(ARCHIVE) + Math.ceil(ARCHIVE / docsPerShardFor(ARCHIVE));
  // the layout before issue 15: 3,771 term + 3,771 pair + 1,886 doc-table files = 9,428
  assert.ok(big <= 5_700, `${big} files`);
  // the small files (vocabulary, suggestions, article numbers, meta, codes, facets) were 321 for the
  // archive; they grow with its vocabulary, not with the articles
  for (const docs of [1, 37, 200, 5_000, 15_000, 30_000, ARCHIVE, 120_000]) {
    const files = termShardCount(docs) + pairShardCount(docs) + Math.ceil(docs / docsPerShardFor(docs));
    assert.ok(files <= 3 + docs * 0.095, `${docs} articles: ${files} files`);
    assert.ok(termShardCount(docs) >= 1 && pairShardCount(docs) >= 1);
  }
});

test('doc numbers as base-36 gaps round-trip', () => {
  fc.assert(fc.property(fc.uniqueArray(fc.nat({ max: 200_000 }), { minLength: 1 }), (docs) => {
    const sorted = [...docs].sort((a, b) => a - b);
    assert.deepEqual(decodeDocs(encodeDocs(sorted)), sorted);
  }));
  assert.equal(encodeDocs([46, 49, 69]), '1a,3,k');
});

test('a pairs/ file round-trips: keys ascending as gaps, each with its docs', () => {
  fc.assert(fc.property(
    fc.uniqueArray(fc.nat({ max: 2 ** 22 }), { minLength: 0, maxLength: 50 }),
    fc.array(fc.uniqueArray(fc.nat({ max: 60_000 }), { minLength: 1, maxLength: 8 }), { minLength: 50, maxLength: 50 }),
    (keys, lists) => {
      const entries = [...keys].sort((a, b) => a - b).map((key, i): [number, number[]] => [key, [...lists[i]!].sort((a, b) => a - b)]);
      const decoded = decodePairShard(encodePairShard(entries));
      assert.deepEqual([...decoded.keys()], entries.map(([key]) => key));
      for (const [key, docs] of entries) assert.deepEqual(decodeDocs(decoded.get(key)!), docs);
    },
  ));
  assert.equal(encodePairShard([[10, [46, 49, 69]], [105, [7]]]), 'a:1a,3,k;2n:7');
});

test("a term file's chunk gives FlexSearch's exported map back", () => {
  const chunk: [string, number[][]][] = [['echo', [[710, 1583, 5160]]], ['q24962', [[175]]], ['none', [[]]]];
  const encoded = encodeTermChunk(chunk);
  assert.deepEqual(encoded, [['echo', ['jq,o9,2rd']], ['q24962', ['4v']], ['none', ['']]]);
  assert.deepEqual(decodeTermChunk(encoded), chunk);
});

function record(n: number, title: string, text: string): ArticleRecord {
  const id = `Q${n}`;
  return {
    id, number: n, title, permalink: `/kb/${String(n).padStart(6, '0').slice(0, 3)}/${id}/`,
    ...emptyPageFields(), lastModified: '2001-08-09',
    sections: [{ kind: 'symptoms', heading: 'SYMPTOMS', text, blocks: [] }],
    errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown',
  };
}

const WORDS = ['printer', 'queue', 'spool', 'socket', 'handle', 'cursor', 'driver', 'mouse', 'server', 'mail', 'buffer', 'cache', 'setup', 'modem'];
const records = Array.from({ length: 120 }, (_, i) => {
  const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length]!;
  return record(300_000 + i, `${w(0)} ${w(1)} notes ${i}`, `The ${w(2)} and the ${w(3)} stop when the ${w(4)} ${w(5)} grows. Error 0x${(i + 16).toString(16)} follows.`);
});

test('a query answers the same whatever the number of term, pair and vocabulary files', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kb-search-layout-'));
  try {
    const build = async (name: string, options: BuildOptions) => {
      const dir = path.join(root, name);
      const builder = createSearchIndexBuilder(options);
      for (const r of records) builder.add(r);
      await builder.finish(dir);
      return dir;
    };
    const one = await build('one', {});
    const many = await build('many', { termFiles: 7, pairFiles: 5, vocabFiles: 3 });
    assert.equal(readdirSync(path.join(many, 'terms')).length, 7);
    assert.equal(readdirSync(path.join(many, 'pairs')).length, 5);
    assert.equal(readdirSync(path.join(many, 'vocab')).length, 3);
    const queries = ['printer queue', '"the driver and the mail"', 'handle cursor grows', 'drvier', 'Q300017', 'q3000', '0x20', 'mouse notes 5'];
    for (const query of queries) {
      const answer = async (dir: string) => {
        const r = await createSearcher(fileLoader(dir)).search(query, { limit: 50, prefix: query === 'q3000' });
        return { ids: r.results.map((x) => x.id), total: r.total, correction: r.correction, completions: r.completions };
      };
      const expected = await answer(one);
      assert.ok(expected.total > 0, `${query} finds something`);
      assert.deepEqual(await answer(many), expected, query);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
