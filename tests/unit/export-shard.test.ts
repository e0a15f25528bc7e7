/**
 * A term file's maps are made straight from the postings (export-shard.ts directMap), not by feeding
 * FlexSearch and exporting it: the bytes must be FlexSearch's own, which stays the reference here
 * (flexMap), on the sample articles' real shards and on the cases the direct way has to get right.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { exportShard, flexMap, type ShardPayload } from '../../lib/search/export-shard';
import { FIELDS, type TermShard } from '../../lib/search/format';

const root = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

/** The term file FlexSearch itself gives for a shard. */
async function throughFlexSearch(shard: ShardPayload): Promise<string> {
  const out: TermShard = {};
  for (const field of FIELDS) {
    const { terms, counts, docs } = shard[field];
    if (terms.length > 0) out[field] = await flexMap(terms, counts, docs);
  }
  return JSON.stringify(out);
}

/** A one-field shard from [term, docs] lists (the other fields empty). */
function shardOf(lists: [string, number[]][]): ShardPayload {
  const empty = { terms: [], counts: new Uint32Array(0), docs: new Uint32Array(0) };
  return {
    title: empty, rest: empty,
    lead: { terms: lists.map(([t]) => t), counts: Uint32Array.from(lists, ([, d]) => d.length), docs: Uint32Array.from(lists.flatMap(([, d]) => d)) },
  };
}

test('every term file of the sample articles is byte for byte what FlexSearch exports', async () => {
  // many small term files: each a different mix of terms, first docs and fields
  const builder = createSearchIndexBuilder({ termFiles: 64, pairFiles: 8 });
  await loadContent({ contentDir: path.join(root, 'content'), cacheDir: null, workers: 0, onRecord: (record) => builder.add(record) });
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-export-shard-'));
  dirs.push(dir);
  let compared = 0;
  let terms = 0;
  await builder.finish(dir, {
    exporter: {
      ahead: 1,
      async export(shard) {
        const direct = await exportShard(shard);
        assert.equal(direct, await throughFlexSearch(shard));
        compared++;
        for (const field of FIELDS) terms += shard[field].terms.length;
        return direct;
      },
    },
  });
  assert.equal(compared, 64, 'each term file compared');
  assert.ok(terms > 1000, `the sample's terms (${terms}) went through both`);
});

test('ties of first article, a doc twice in a run, a term in no article, and a term FlexSearch reads as two words', async () => {
  const cases: [string, number[]][][] = [
    // b and a first come in the same doc: the payload's order decides; c comes first in doc 0
    [['b', [3, 9]], ['a', [3, 4]], ['c', [0, 9]], ['d', [9]]],
    // a doc twice in a term's run, and a term no article has
    [['x', [1, 1, 2]], ['gone', []], ['y', [0, 2, 2]]],
    // doc 0 (FlexSearch takes 0 as an id), and a term with a space: FlexSearch's split gives two words
    [['p', [0]], ['two words', [0, 5]], ['q', [5]]],
  ];
  for (const lists of cases) {
    const shard = shardOf(lists);
    assert.equal(await exportShard(shard), await throughFlexSearch(shard), JSON.stringify(lists));
  }
});

test('a map longer than one of FlexSearch\'s export chunks is cut where FlexSearch cuts it', async () => {
  // 5000 × 250000 / 300,000 docs = 4,166 entries a chunk: 300,000 terms of one doc each make 73 chunks
  const lists: [string, number[]][] = Array.from({ length: 300_000 }, (_, k) => [`t${k}`, [k]]);
  const shard = shardOf(lists);
  const direct = await exportShard(shard);
  assert.equal(direct, await throughFlexSearch(shard));
  assert.equal((JSON.parse(direct) as TermShard).lead!.length, 73);
});
