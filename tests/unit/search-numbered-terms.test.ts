/**
 * The parse threads send each article's terms by number (lib/build/load-parse-one.ts searchTermsOf),
 * each thread numbering on its own and naming a term once; the index builder maps them to its own
 * numbers. Whatever the threads and their order, the index must be the one the builder makes from
 * the records themselves, byte for byte, including when a duplicate (not added) was the first to
 * name a term that later articles name by number only.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { searchTermsOf } from '../../lib/build/load-parse-one';
import type { ArticleRecord } from '../../lib/parse/types';
import { sampleRecord } from './search-fixture';
import { createSearchIndexBuilder } from '../../lib/search/build-index';

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

const record = (n: number, title: string, text: string): ArticleRecord => sampleRecord(n, title, text);

const words = ['spooler', 'modem', 'registry', 'winsock', 'printer', 'handle', 'socket', 'driver', 'queue', 'timeout', 'cluster', 'volume'];
const records = Array.from({ length: 40 }, (_, n) => record(n,
  `${words[n % words.length]} ${words[(n * 5) % words.length]} fails ${n}`,
  `The ${words[(n * 7) % words.length]} stops after error ${10000 + n}; restart the ${words[(n * 3) % words.length]}.`));
// the duplicate: only it has the word "unseenword" before article 30 does
const duplicate = record(99, 'Unseenword appears first in a duplicate', 'The unseenword and the spooler.');
records[30] = record(30, 'Unseenword later', 'An unseenword in an article that is added.');

/** Every file below dir, by relative path, with its text. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try { out.set(name, readFileSync(path.join(dir, name), 'utf8')); } catch { /* a folder */ }
  }
  return out;
}

test('terms numbered by two threads in turn, with a duplicate naming a term first, give the index built from the records', async () => {
  const plain = createSearchIndexBuilder();
  for (const r of records) plain.add(r);
  const plainDir = mkdtempSync(path.join(tmpdir(), 'kb-numbered-a-'));
  dirs.push(plainDir);
  await plain.finish(plainDir);

  const numbered = createSearchIndexBuilder();
  const threads = [new Map<string, number>(), new Map<string, number>()];
  for (const [i, r] of records.entries()) {
    // batches of 4 alternate between the threads, as the parse pool hands them out
    const thread = Math.floor(i / 4) % 2;
    if (i === 28) numbered.learn(searchTermsOf(duplicate, threads[thread]!, thread + 1));
    numbered.add(r, searchTermsOf(r, threads[thread]!, thread + 1));
  }
  const numberedDir = mkdtempSync(path.join(tmpdir(), 'kb-numbered-b-'));
  dirs.push(numberedDir);
  await numbered.finish(numberedDir);

  const a = tree(plainDir);
  const b = tree(numberedDir);
  assert.ok(a.size > 5, 'the index has files');
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [name, text] of a) assert.equal(b.get(name), text, name);
  assert.ok([...a.values()].some((text) => text.includes('unseenword')), 'the term first named by the duplicate is indexed');
});

test('a term first named by a duplicate that the builder never learns would be lost: learn() is what keeps it', async () => {
  const builder = createSearchIndexBuilder();
  const numbers = new Map<string, number>();
  searchTermsOf(duplicate, numbers, 1); // numbered, never sent to the builder
  const later = searchTermsOf(records[30]!, numbers, 1);
  assert.equal(later.newTerms.includes('unseenword'), false, 'the later article names the term by number only');
  builder.learn(searchTermsOf(record(98, 'Other', 'Other text.'), new Map(), 2));
  assert.throws(() => builder.add(records[30]!, later), 'an unknown thread number is refused, not filed under a wrong term');
});

test('a warm load takes the terms from the record cache and gives the index a cold load gives; a cache without terms is filled', async () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-numbered-cache-'));
  dirs.push(cacheDir);
  const contentDir = path.resolve(import.meta.dirname, '..', '..', 'content');
  const finished = async (builder: ReturnType<typeof createSearchIndexBuilder>, label: string): Promise<Map<string, string>> => {
    const out = mkdtempSync(path.join(tmpdir(), `kb-numbered-${label}-`));
    dirs.push(out);
    await builder.finish(out);
    return tree(out);
  };
  // as the build loads: summaries, every term in the index's own numbers (the cache keeps them so)
  const indexOf = async (label: string): Promise<{ files: Map<string, string>; cached: number }> => {
    const builder = createSearchIndexBuilder();
    const report = await loadContent({
      contentDir, cacheDir, workers: 0, searchTerms: true, numbering: builder.numbering,
      onSummary: (summary, terms) => builder.add(summary, terms!),
    });
    return { files: await finished(builder, label), cached: report.cached };
  };
  // a load that does not ask for terms leaves none in the cache
  await loadContent({ contentDir, cacheDir, workers: 0 });
  const termsKept = (): number => Object.values((JSON.parse(readFileSync(path.join(cacheDir, 'index.json'), 'utf8')) as { entries: Record<string, number[]> }).entries)
    .filter((entry) => (entry[2] ?? 0) > 0).length;
  assert.equal(termsKept(), 0);
  const first = await indexOf('first');
  assert.ok(first.cached > 30, 'records from the cache, terms computed');
  assert.ok(termsKept() > 30, 'the terms are kept now');
  const second = await indexOf('second');
  assert.equal(second.cached, first.cached);
  assert.deepEqual([...second.files.keys()].sort(), [...first.files.keys()].sort());
  for (const [name, text] of first.files) assert.equal(second.files.get(name), text, name);

  // without a numbering: the kept terms come numbered by the cache's dictionary, which the first of them names
  const byDictionary = createSearchIndexBuilder();
  await loadContent({
    contentDir, cacheDir, workers: 0, searchTerms: true,
    onSummary: (summary, terms) => byDictionary.add(summary, terms!), onRejectedTerms: (terms) => byDictionary.learn(terms),
  });
  // records, terms made by the thread
  const byThread = createSearchIndexBuilder();
  await loadContent({ contentDir, cacheDir, workers: 0, searchTerms: true, onRecord: (record, terms) => byThread.add(record, terms), onRejectedTerms: (terms) => byThread.learn(terms) });
  const plain = createSearchIndexBuilder();
  await loadContent({ contentDir, cacheDir: null, workers: 0, onRecord: (record) => plain.add(record) });
  for (const [label, builder] of [['dictionary', byDictionary], ['thread', byThread], ['plain', plain]] as const) {
    const files = await finished(builder, label);
    assert.deepEqual([...files.keys()].sort(), [...first.files.keys()].sort(), label);
    for (const [name, text] of files) assert.equal(second.files.get(name), text, `${name}: as built from the records (${label})`);
  }
  assert.ok(termsKept() > 30, 'loads without a numbering leave the kept terms alone');
});

test('a numbering that has numbered terms already is refused (the numbers the cache keeps would not be its own)', async () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-numbered-cache-'));
  dirs.push(cacheDir);
  const contentDir = path.resolve(import.meta.dirname, '..', '..', 'content');
  const load = (builder: ReturnType<typeof createSearchIndexBuilder>) => loadContent({
    contentDir, cacheDir, workers: 0, searchTerms: true, numbering: builder.numbering, onSummary: (summary, terms) => builder.add(summary, terms!),
  });
  await load(createSearchIndexBuilder());
  const used = createSearchIndexBuilder();
  used.numbering.learn(7, ['zebra']);
  await assert.rejects(load(used), /must not have numbered any term/);
});

test('a load that writes a fresh pack carries the kept terms over, with their dictionary', async () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-numbered-cache-'));
  dirs.push(cacheDir);
  const contentDir = path.resolve(import.meta.dirname, '..', '..', 'content');
  const index = (): { pack: string; entries: Record<string, number[]> } => JSON.parse(readFileSync(path.join(cacheDir, 'index.json'), 'utf8'));
  const build = async (label: string) => {
    const builder = createSearchIndexBuilder();
    const report = await loadContent({ contentDir, cacheDir, workers: 0, searchTerms: true, numbering: builder.numbering, onSummary: (summary, terms) => builder.add(summary, terms!) });
    const out = mkdtempSync(path.join(tmpdir(), `kb-numbered-${label}-`));
    dirs.push(out);
    await builder.finish(out);
    return { files: tree(out), cached: report.cached };
  };
  const first = await build('first');
  const kept = Object.values(index().entries).filter((e) => (e[2] ?? 0) > 0).length;
  assert.ok(kept > 30);
  // another live process holds the pack: a load without terms writes a fresh one
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
  const before = index().pack;
  try {
    writeFileSync(path.join(cacheDir, `${path.basename(before)}.lock`), String(other.pid));
    await loadContent({ contentDir, cacheDir, workers: 0 });
  } finally {
    other.kill();
  }
  await new Promise((resolve) => other.once('exit', resolve));
  assert.notEqual(index().pack, before, 'a fresh pack');
  assert.equal(Object.values(index().entries).filter((e) => (e[2] ?? 0) > 0).length, kept, 'every payload carried over');
  const again = await build('again');
  assert.equal(first.cached, 0);
  assert.ok(again.cached >= kept, 'every record from the fresh pack');
  for (const [name, text] of first.files) assert.equal(again.files.get(name), text, name);
});
