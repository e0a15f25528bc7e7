/**
 * A rebuild makes again only the term and pair files whose input changed (FinishOptions.reuse): the
 * last build's record says what each file was made from; a file whose input is the same, made by the
 * same code (key), is kept as it is. Whatever is reused, the files must be the ones a fresh build
 * makes, byte for byte, and nothing the record says may outlive a change of code or a missing file.
 */
import assert from 'node:assert/strict';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { ArticleRecord } from '../../lib/parse/types';
import { sampleRecord } from './search-fixture';
import { createSearchIndexBuilder, type BuildOptions, type IndexReuse, type ShardExporter } from '../../lib/search/build-index';
import { exportShard, type ShardPayload } from '../../lib/search/export-shard';
import { fieldTermsOf, pairHashesOf } from '../../lib/search/field-terms';
import { FIELDS, termShardOf } from '../../lib/search/format';

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });
const tempDir = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `kb-reuse-${label}-`));
  dirs.push(dir);
  return dir;
};

const record = (n: number, title: string, text: string): ArticleRecord => sampleRecord(n, title, text, { base: 310000, lastModified: '1999-05-06' });

const words = ['spooler', 'modem', 'registry', 'winsock', 'printer', 'handle', 'socket', 'driver', 'queue', 'timeout', 'cluster', 'volume', 'mailbox', 'cursor'];
const records = Array.from({ length: 48 }, (_, n) => record(n,
  `${words[n % words.length]} ${words[(n * 5) % words.length]} fails ${n}`,
  `The ${words[(n * 7) % words.length]} stops after error ${20000 + n}; restart the ${words[(n * 3) % words.length]} and the ${words[(n * 11) % words.length]}.`));
// many small files, so that a group of four holds unchanged files beside a changed one
const layout: BuildOptions = { termFiles: 24, pairFiles: 24 };

/** Every file below dir, by relative path, with its text. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    try { out.set(name, readFileSync(path.join(dir, name), 'utf8')); } catch { /* a folder */ }
  }
  return out;
}

function assertSameTree(actual: Map<string, string>, expected: Map<string, string>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same file names`);
  for (const [name, text] of expected) assert.equal(actual.get(name), text, `${what}: ${name}`);
}

/** An exporter that counts the term files it makes (on this thread, as finish() does without one). */
function countingExporter(): ShardExporter & { made: ShardPayload[] } {
  const made: ShardPayload[] = [];
  return { made, ahead: 3, export: (shard) => { made.push(shard); return exportShard(shard); } };
}

async function build(list: readonly ArticleRecord[], dir: string, reuse?: IndexReuse, pairWindow?: number) {
  const builder = createSearchIndexBuilder(layout);
  for (const r of list) builder.add(r);
  const exporter = countingExporter();
  const result = await builder.finish(dir, { exporter, reuse, pairWindow });
  return { ...result, exported: exporter.made };
}

/** What a fresh build (empty folder, no record) makes of the records. */
async function fresh(list: readonly ArticleRecord[]): Promise<Map<string, string>> {
  const dir = tempDir('fresh');
  await build(list, dir);
  return tree(dir);
}

const mtimes = (dir: string): Map<string, number> => new Map([...tree(dir).keys()].map((name) => [name, statSync(path.join(dir, name)).mtimeMs]));

test('a rebuild of the same records makes no term or pair file and leaves every file as it was', async () => {
  const dir = tempDir('same');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  const first = await build(records, dir, reuse);
  assert.equal(first.exported.length, 24, 'the first build makes every term file');
  assert.equal(first.made, 48, 'and every pair file');
  assert.ok(existsSync(reuse.file), 'the record is written');
  const before = mtimes(dir);
  const again = await build(records, dir, reuse);
  assert.equal(again.exported.length, 0, 'no term file is made again');
  assert.equal(again.made, 0, 'no pair file either');
  assert.equal(again.written, 1, 'only meta.json is written');
  assert.deepEqual({ files: again.files, bytes: again.bytes }, { files: first.files, bytes: first.bytes });
  for (const [name, mtime] of before) if (name !== 'meta.json') assert.equal(mtimes(dir).get(name), mtime, `${name} untouched`);
  assertSameTree(tree(dir), await fresh(records), 'rebuild');
});

test('after an edit only the files of the changed terms and pairs are made; the rest are kept and the files equal a fresh build', async () => {
  const dir = tempDir('edit');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  await build(records, dir, reuse);
  const before = tree(dir);
  const edited = [...records];
  edited[17] = { ...records[17]!, sections: records[17]!.sections.map((s, i) => (i === 0 ? { ...s, text: `${s.text} Zyxquorum` } : s)) };
  // the term and pair files the edit touches, from the index's own term and pair functions
  const termsOf = (r: ArticleRecord) => new Set(FIELDS.flatMap((f) => [...fieldTermsOf(r)[f]].map((t) => `${f} ${t}`)));
  const [oldTerms, newTerms] = [termsOf(records[17]!), termsOf(edited[17]!)];
  const changedTerms = [...newTerms].filter((t) => !oldTerms.has(t)).concat([...oldTerms].filter((t) => !newTerms.has(t)));
  const termFiles = new Set(changedTerms.map((t) => termShardOf(t.split(' ')[1]!, 24)));
  const [oldPairs, newPairs] = [new Set(pairHashesOf(records[17]!)), new Set(pairHashesOf(edited[17]!))];
  const pairFiles = new Set([...newPairs].filter((h) => !oldPairs.has(h)).concat([...oldPairs].filter((h) => !newPairs.has(h))).map((h) => h % 24));
  assert.deepEqual(changedTerms, ['lead zyxquorum'], 'the edit adds one term');
  assert.ok(pairFiles.size >= 1 && pairFiles.size <= 2, 'and one or two pairs');

  const rebuilt = await build(edited, dir, reuse);
  assert.equal(rebuilt.exported.length, termFiles.size, 'one term file is made');
  assert.ok(rebuilt.exported[0]!.lead.terms.includes('zyxquorum'), 'the one with the new term');
  assert.equal(rebuilt.made, termFiles.size + pairFiles.size, 'and the pair files of its new pairs, no more');
  const after = tree(dir);
  assertSameTree(after, await fresh(edited), 'rebuild after an edit');
  const changed = [...after.keys()].filter((name) => before.get(name) !== after.get(name) && name.startsWith('terms'));
  assert.equal(changed.length, 4, 'the changed term file and its group (one hash for four files) are written under a new name');
});

test('after an article is added or deleted, the files equal a fresh build', async () => {
  const dir = tempDir('add');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  await build(records, dir, reuse);
  const added = [...records.slice(0, 20), record(60, 'Cursor added later', 'A new article about the cursor and the modem.'), ...records.slice(20)];
  await build(added, dir, reuse);
  assertSameTree(tree(dir), await fresh(added), 'rebuild after an add');
  const deleted = added.filter((_, i) => i !== 5);
  await build(deleted, dir, reuse);
  assertSameTree(tree(dir), await fresh(deleted), 'rebuild after a delete');
});

test('the pair files are the same whatever the window of postings they are filed in, fresh or after an edit', async () => {
  const expected = await fresh(records);
  // 1: a window per file; 40: a few files a window, the windows' ends falling inside groups of four
  for (const pairWindow of [1, 40]) {
    const dir = tempDir(`window-${pairWindow}`);
    const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
    await build(records, dir, reuse, pairWindow);
    assertSameTree(tree(dir), expected, `window of ${pairWindow}`);
    const edited = [...records];
    edited[30] = { ...records[30]!, sections: records[30]!.sections.map((s, i) => (i === 0 ? { ...s, text: `${s.text} Zyxquorum stops` } : s)) };
    const rebuilt = await build(edited, dir, reuse, pairWindow);
    assert.ok(rebuilt.made > 1 && rebuilt.made < 6, `an edit makes a few files (${rebuilt.made})`);
    assertSameTree(tree(dir), await fresh(edited), `window of ${pairWindow}, after an edit`);
  }
});

test('another key (the code that makes the files) makes every file again', async () => {
  const dir = tempDir('key');
  const file = path.join(tempDir('record'), 'search-index.json');
  await build(records, dir, { file, key: 'code-1' });
  const other = await build(records, dir, { file, key: 'code-2' });
  assert.equal(other.exported.length, 24);
  assert.equal(other.made, 48);
  const back = await build(records, dir, { file, key: 'code-1' });
  assert.equal(back.made, 48, 'the record is the last build\'s only: code-2 replaced it');
  const layoutChanged = createSearchIndexBuilder({ termFiles: 24, pairFiles: 24, commonRatio: 0.5 });
  for (const r of records) layoutChanged.add(r);
  const result = await layoutChanged.finish(dir, { reuse: { file, key: 'code-1' } });
  assert.equal(result.made, 48, 'other build options make every file too');
});

test('a kept file that is missing or not the size the record says is made again', async () => {
  const dir = tempDir('missing');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  await build(records, dir, reuse);
  const terms = readdirSync(path.join(dir, 'terms')).sort();
  const pairs = readdirSync(path.join(dir, 'pairs')).sort();
  rmSync(path.join(dir, 'terms', terms[5]!));
  writeFileSync(path.join(dir, 'pairs', pairs[9]!), '"truncated"');
  const rebuilt = await build(records, dir, reuse);
  assert.equal(rebuilt.exported.length, 1, 'the missing term file is made');
  assert.equal(rebuilt.made, 2, 'and the pair file of the wrong size');
  assertSameTree(tree(dir), await fresh(records), 'rebuild');
});

test('a build that fails half way leaves no record: the next build makes every file', async () => {
  const dir = tempDir('fail');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  await build(records, dir, reuse);
  const edited = records.map((r, i) => (i === 3 ? { ...r, title: `${r.title} renamed` } : r));
  const failing = createSearchIndexBuilder(layout);
  for (const r of edited) failing.add(r);
  await assert.rejects(failing.finish(dir, { reuse, exporter: { ahead: 1, export: () => Promise.reject(new Error('worker died')) } }), /worker died/);
  assert.equal(existsSync(reuse.file), false, 'the record is gone');
  const next = await build(records, dir, reuse);
  assert.equal(next.made, 48, 'every file is made');
  assertSameTree(tree(dir), await fresh(records), 'rebuild');
});

test('an exporter is started ahead when there is no record, and gets no file when fewer than its minimum are to be made', async () => {
  const dir = tempDir('minimum');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  const calls = { start: 0, export: 0 };
  const exporter: ShardExporter = { ahead: 2, minimum: 10, start: () => { calls.start++; }, export: (shard) => { calls.export++; return exportShard(shard); } };
  const builder = (list: readonly ArticleRecord[]) => {
    const b = createSearchIndexBuilder(layout);
    for (const r of list) b.add(r);
    return b;
  };
  await builder(records).finish(dir, { exporter, reuse });
  assert.deepEqual(calls, { start: 1, export: 24 }, 'no record: started at once, every file handed over');
  const edited = records.map((r, i) => (i === 9 ? { ...r, title: `${r.title} Zyxrenamed` } : r));
  const result = await builder(edited).finish(dir, { exporter, reuse });
  assert.ok(result.made > 0 && result.made < 10);
  assert.deepEqual(calls, { start: 1, export: 24 }, 'a record and a few files to make: neither started nor asked');
  assertSameTree(tree(dir), await fresh(edited), 'rebuild');
});

test('articles added at the end move the share that makes a pair common: a pair file is kept only while its pairs stay on their side of it', async () => {
  // common pairs from 10 articles on: with 48 articles a pair in more than 4.8 is left out, with 50 in more than 5
  const small: BuildOptions = { ...layout, commonMinDocs: 10 };
  const dir = tempDir('common');
  const reuse = { file: path.join(tempDir('record'), 'search-index.json'), key: 'code-1' };
  const buildWith = async (list: readonly ArticleRecord[], into: string, withReuse?: IndexReuse) => {
    const builder = createSearchIndexBuilder(small);
    for (const r of list) builder.add(r);
    return builder.finish(into, { reuse: withReuse });
  };
  // "quorum sensing" in exactly 5 articles: common at first, kept from the 50th article on
  let list = records.map((r, i) => (i < 5 ? { ...r, sections: [...r.sections, { kind: 'more-information', heading: 'MORE', text: 'Quorum sensing.', blocks: [] }] } : r));
  await buildWith(list, dir, reuse);
  const commonPairs = () => (JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { commonPairs: number[] }).commonPairs;
  const quorum = pairHashesOf(list[0]!).filter((h) => !pairHashesOf(records[0]!).includes(h));
  assert.equal(quorum.length, 1);
  assert.ok(commonPairs().includes(quorum[0]!), 'left out with 48 articles');
  const made: number[] = [];
  for (let n = 0; n < 4; n++) {
    // an article of single words: no pairs of its own, so no pair file's input changes
    const added: ArticleRecord = { ...record(200 + n, `Zq${n}title`, `zq${n}word`), sections: [{ kind: 'symptoms', heading: 'SYMPTOMS', text: `zq${n}word`, blocks: [] }] };
    assert.deepEqual(pairHashesOf(added), []);
    list = [...list, added];
    made.push((await buildWith(list, dir, reuse)).made);
    const expected = tempDir('common-fresh');
    await buildWith(list, expected);
    assertSameTree(tree(dir), tree(expected), `after ${n + 1} added`);
  }
  assert.equal(commonPairs().includes(quorum[0]!), false, 'kept with 52 articles');
  assert.deepEqual(made.map((m) => m > 0 && m < 10), [true, true, true, true], `each append makes a few files (${made.join(', ')})`);
});

test('a file of this build\'s name holding other bytes is replaced by a rename, never written in place (out/ may hold a hard link to it)', async () => {
  const dir = tempDir('replace');
  await build(records, dir);
  const expected = tree(dir);
  const name = [...expected.keys()].find((n) => n.startsWith('terms/') && n.endsWith('.json'))!;
  // the file under its name with other bytes (what two contents sharing a name's hash would leave), and
  // a hard link to it where a copy of the index (out/_kb/search/) would hold one
  const file = path.join(dir, name);
  rmSync(file);
  writeFileSync(file, 'other bytes');
  const link = path.join(tempDir('link'), 'copy.json');
  linkSync(file, link);
  await build(records, dir);
  assertSameTree(tree(dir), expected, 'the index after the rebuild');
  assert.equal(readFileSync(link, 'utf8'), 'other bytes', 'the linked copy keeps the bytes it had: the file was replaced, not written through');
});
