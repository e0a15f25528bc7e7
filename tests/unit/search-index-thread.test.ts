/**
 * A rebuild writes its search index on a thread of its own (lib/build/index-thread.ts): the builder's
 * articles cross to it (SearchIndexBuilder.detach, their buffers moved) and the files it writes there
 * are the ones the builder writes where it was filled, byte for byte, reuse record included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { ArticleRecord } from '../../lib/parse/types';
import { sampleRecord } from './search-fixture';
import { createSearchIndexBuilder, type BuildOptions } from '../../lib/search/build-index';
import { startIndexThread } from '../../lib/build/index-thread';
import { parseWorker } from '../../lib/build/worker-build';

const root = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });
const tempDir = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `kb-index-thread-${label}-`));
  dirs.push(dir);
  return dir;
};

const words = ['spooler', 'modem', 'registry', 'winsock', 'printer', 'handle', 'socket', 'driver', 'queue', 'timeout', 'cluster', 'volume'];
const records: ArticleRecord[] = Array.from({ length: 40 }, (_, n) => sampleRecord(n,
  `${words[n % words.length]} ${words[(n * 5) % words.length]} fails ${n}`,
  `The ${words[(n * 7) % words.length]} stops after error ${20000 + n}; restart the ${words[(n * 3) % words.length]}.`,
  { base: 320000, lastModified: `${1995 + (n % 9)}-05-06` }));
const layout: BuildOptions = { termFiles: 12, pairFiles: 12 };

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try { out.set(name, readFileSync(path.join(dir, name), 'utf8')); } catch { /* a folder */ }
  }
  return out;
}

function filled() {
  const builder = createSearchIndexBuilder(layout);
  for (const r of records) builder.add(r);
  return builder;
}

test('a builder detached and made again elsewhere writes the files the builder writes in place', async () => {
  const here = tempDir('here');
  await filled().finish(here);
  const builder = filled();
  const { state, transfer } = builder.detach();
  // as postMessage sends it: a structured clone, the buffers moved
  const moved = structuredClone(state, { transfer });
  assert.ok(transfer.length > 0 && transfer.every((buffer) => buffer.byteLength === 0), 'the postings were moved, not copied');
  const there = tempDir('there');
  await createSearchIndexBuilder({}, moved).finish(there);
  const expected = tree(here);
  const actual = tree(there);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [name, text] of expected) assert.equal(actual.get(name), text, name);
  // the detached builder is empty: finished, it writes an index of no articles
  const emptied = tempDir('emptied');
  await builder.finish(emptied);
  assert.equal((JSON.parse(readFileSync(path.join(emptied, 'meta.json'), 'utf8')) as { docs: number }).docs, 0);
});

test('on the index thread, with its export threads and a reuse record: the same files; a second run makes none', async () => {
  const worker = await parseWorker(root);
  assert.ok(worker.file, 'the parse worker bundle is built');
  const here = tempDir('here-thread');
  await filled().finish(here);
  const out = tempDir('thread');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: worker.fingerprint };
  const first = await startIndexThread(worker.file).run(filled().detach(), { outDir: out, entry: worker.file, threads: 2, reuse });
  const expected = tree(here);
  const actual = tree(out);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [name, text] of expected) assert.equal(actual.get(name), text, name);
  assert.equal(first.files, expected.size);
  assert.ok(first.made > 0);
  const second = await startIndexThread(worker.file).run(filled().detach(), { outDir: out, entry: worker.file, threads: 2, reuse });
  assert.deepEqual({ made: second.made, written: second.written }, { made: 0, written: 1 }, 'only meta.json is written again');
});

test('a failure on the index thread is the run\'s error', async () => {
  const worker = await parseWorker(root);
  assert.ok(worker.file);
  const blocker = path.join(tempDir('blocked'), 'file');
  writeFileSync(blocker, 'not a folder');
  await assert.rejects(startIndexThread(worker.file).run(filled().detach(), { outDir: path.join(blocker, 'search'), entry: worker.file, threads: 0, reuse: { file: path.join(tempDir('r'), 'x.json'), key: 'k' } }), /ENOTDIR|not a directory/);
});
