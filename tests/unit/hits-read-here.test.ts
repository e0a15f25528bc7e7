/**
 * A warm load answers the hits of files it need not read (their size and modification time as the last
 * load noted them) on its own thread, from the record cache's pack (load.ts hitsReadHere,
 * pack-read-ahead.ts): no parse thread starts for them, and the summaries, their order and the search
 * index are those a cold load gives.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { cacheReadAhead, readCacheAhead } from '../../lib/build/cache';
import { loadContent, numberDictionary } from '../../lib/build/load';
import { parseWorker } from '../../lib/build/worker-build';
import { readAhead } from '../../lib/build/pack-read-ahead';
import type { RecordSummary } from '../../lib/parse/types';
import { createSearchIndexBuilder } from '../../lib/search/build-index';

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });
const tempDir = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `kb-here-${label}-`));
  dirs.push(dir);
  return dir;
};

/** Every file below dir, by relative path, with its text. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try { out.set(name, readFileSync(path.join(dir, name), 'utf8')); } catch { /* a folder */ }
  }
  return out;
}

/**
 * A load as the build does it (terms in the index builder's numbers, summaries): what it gave. `ahead`:
 * the cache's index and dictionary read, and the dictionary numbered, before the load (as the build's
 * prepare child does while it waits for its walk)
 */
async function load(contentDir: string, cacheDir: string, ahead = false) {
  const builder = createSearchIndexBuilder();
  if (ahead) {
    const dictionary = readCacheAhead(cacheDir, (await parseWorker()).fingerprint);
    assert.ok(dictionary && dictionary.length > 0, 'a warm cache has a dictionary to read ahead');
    numberDictionary(builder.numbering, dictionary);
  }
  const summaries: RecordSummary[] = [];
  const lists: number[][] = [];
  const report = await loadContent({
    contentDir, cacheDir, workers: 2, searchTerms: true, numbering: builder.numbering,
    onSummary(summary, terms) {
      summaries.push(summary);
      // the lists are views of a buffer the next hit reuses: copied
      lists.push([...terms!.title, ...terms!.lead, ...terms!.rest, ...terms!.pairs, ...terms!.similar.title, ...terms!.similar.lead]);
      builder.add(summary, terms!);
    },
  });
  const out = tempDir('index');
  await builder.finish(out);
  return { report, summaries, lists, index: tree(out) };
}

test('known files are answered from the pack on this thread, with what a cold load gives; an edited one goes to a thread, in its place', async () => {
  const contentDir = tempDir('content');
  cpSync(path.resolve(import.meta.dirname, '..', '..', 'content'), contentDir, { recursive: true });
  // modified two minutes ago: a file modified in the minute before a load is not noted for the next
  const old = (Date.now() - 120_000) / 1000;
  const files = (readdirSync(contentDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();
  for (const f of files) utimesSync(path.join(contentDir, f), old, old);
  const cacheDir = tempDir('cache');
  const cold = await load(contentDir, cacheDir);
  assert.equal(cold.report.cached, 0);
  const warm = await load(contentDir, cacheDir);
  assert.equal(warm.report.cached, files.length, 'every file from the cache');
  assert.equal(warm.report.workers, 0, 'no parse thread started: every hit was read here');
  assert.deepEqual(warm.summaries, cold.summaries);
  assert.deepEqual(warm.lists, cold.lists, 'the same terms, each list whole');
  assert.deepEqual(warm.index, cold.index, 'the same index files');

  // an article in the middle of the path order, edited: parsed on a thread, handed out in its place
  const edited = cold.summaries[Math.floor(cold.summaries.length / 2)]!.source;
  const file = path.join(contentDir, edited);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n*$/, '\n\nA line added to the article, with a newword.\n'));
  assert.ok(statSync(file).mtimeMs > old * 1000);
  const rebuilt = await load(contentDir, cacheDir);
  assert.equal(rebuilt.report.workers, 1, 'one thread, for the one file read');
  assert.equal(rebuilt.report.cached, files.length - 1);
  const fresh = await load(contentDir, tempDir('fresh-cache'));
  assert.deepEqual(rebuilt.summaries, fresh.summaries, 'in path order, as a cold load gives them');
  assert.deepEqual(rebuilt.index, fresh.index, 'the index a cold load of the edited content gives');
});

test('a load after the cache was read and its dictionary numbered ahead gives what a load without gives; a cache replaced meanwhile is read again', async () => {
  const contentDir = tempDir('content');
  cpSync(path.resolve(import.meta.dirname, '..', '..', 'content'), contentDir, { recursive: true });
  const old = (Date.now() - 120_000) / 1000;
  for (const f of readdirSync(contentDir, { recursive: true }) as string[]) if (f.endsWith('.md')) utimesSync(path.join(contentDir, f), old, old);
  const cacheDir = tempDir('cache');
  const cold = await load(contentDir, cacheDir);
  const plain = await load(contentDir, cacheDir);
  const ahead = await load(contentDir, cacheDir, true);
  assert.equal(ahead.report.cached, cold.summaries.length);
  assert.deepEqual(ahead.summaries, plain.summaries);
  assert.deepEqual(ahead.lists, plain.lists, 'the same terms in the same numbers');
  assert.deepEqual(ahead.index, cold.index, 'the same index files');

  // read ahead, then another load replaces the cache's index: the read is not taken, and a numbering
  // of the old dictionary is refused rather than used with the new one
  const { fingerprint } = await parseWorker();
  const early = readCacheAhead(cacheDir, fingerprint);
  assert.ok(early);
  const numbered = createSearchIndexBuilder();
  numberDictionary(numbered.numbering, early);
  assert.equal(cacheReadAhead(cacheDir), true);
  // an edit with a word no article had: the next load's dictionary is longer
  const file = path.join(contentDir, cold.summaries[0]!.source);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n*$/, '\n\nA line with the word zyxquorblet.\n'));
  await load(contentDir, cacheDir);
  assert.equal(cacheReadAhead(cacheDir), false, 'index.json is another file now');
  await assert.rejects(
    loadContent({ contentDir, cacheDir, workers: 0, searchTerms: true, numbering: numbered.numbering, onSummary() {} }),
    /must not have numbered any term before the load but this dictionary/,
  );
  const again = await load(contentDir, cacheDir);
  const fresh = await load(contentDir, tempDir('fresh'));
  assert.deepEqual(again.index, fresh.index, 'the load after the refused one is whole');
});

test('readAhead gives each place in order at a 4-byte boundary, across gaps, windows and a place longer than a window', () => {
  const dir = tempDir('pack');
  const file = path.join(dir, 'pack');
  const bytes = Buffer.alloc(12 << 20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  writeFileSync(file, bytes);
  const places: [number, number][] = [
    [1, 10], [11, 3], [14, 100], // one after another, off the 4-byte boundary
    [200_003, 7], // past a gap of 199,889 bytes: a read of its own
    [200_020, 0], [200_021, 5_000], // an empty place, then one in the same window
    [1_000_001, 5 << 20], // longer than a window
    [7_000_000, 1_000], [4, 8], // one before the last: a new read
  ];
  const reader = readAhead(file, places);
  for (const [offset, length] of places) {
    const got = reader.next();
    assert.equal(got.byteOffset % 4, 0, `${offset}: at a 4-byte boundary`);
    assert.deepEqual(Buffer.from(got), bytes.subarray(offset, offset + length), `the bytes at ${offset}`);
  }
  assert.throws(() => reader.next(), /all 9 places .* have been read/);
  reader.close();
  const short = readAhead(file, [[bytes.length - 10, 20]]);
  assert.throws(() => short.next(), /is cut short: 20 bytes at 12582902 asked for, 10 there/);
  short.close();
});
