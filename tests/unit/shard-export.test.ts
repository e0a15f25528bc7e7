/**
 * The build makes the search index's term files on worker threads (lib/build/shard-export.ts): the
 * index must be the one made on the main thread, byte for byte, whatever the threads' timing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { createShardExportPool } from '../../lib/build/shard-export';
import { parseWorker } from '../../lib/build/worker-build';
import { createSearchIndexBuilder } from '../../lib/search/build-index';

const root = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try { out.set(name, readFileSync(path.join(dir, name), 'utf8')); } catch { /* a folder */ }
  }
  return out;
}

async function indexOf(threads: number): Promise<Map<string, string>> {
  // many small term and pair files, so that several are in flight on both threads at once, and more
  // than the pool's `minimum` (fewer are made on the main thread)
  const builder = createSearchIndexBuilder({ termFiles: 128, pairFiles: 128 });
  await loadContent({ contentDir: path.join(root, 'content'), cacheDir: null, workers: 0, onRecord: (record) => builder.add(record) });
  const dir = mkdtempSync(path.join(tmpdir(), `kb-shard-export-${threads}-`));
  dirs.push(dir);
  const worker = await parseWorker(root);
  assert.ok(worker.file, 'the parse worker bundle is made (esbuild is a dev dependency)');
  const pool = threads > 0 ? createShardExportPool(worker.file, threads) : null;
  const handed = { terms: 0, pairs: 0 };
  const counted = pool && {
    ...pool,
    export: (shard: Parameters<typeof pool.export>[0]) => { handed.terms++; return pool.export(shard); },
    exportPairs: (job: Parameters<typeof pool.exportPairs>[0]) => { handed.pairs++; return pool.exportPairs(job); },
  };
  try {
    await builder.finish(dir, { exporter: counted ?? undefined });
  } finally {
    await pool?.close();
  }
  if (pool) assert.deepEqual(handed, { terms: 128, pairs: 128 }, 'every term and pair file is made on the threads');
  return tree(dir);
}

test('term and pair files made on two worker threads equal the ones made on the main thread', async () => {
  const here = await indexOf(0);
  const threads = await indexOf(2);
  assert.ok([...here.keys()].filter((name) => name.startsWith('terms')).length > 100, 'many term files');
  assert.deepEqual([...threads.keys()].sort(), [...here.keys()].sort());
  for (const [name, text] of here) assert.equal(threads.get(name), text, name);
});
