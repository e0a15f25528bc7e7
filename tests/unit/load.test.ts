import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { PackPlace } from '../../lib/build/cache';
import { loadContent, type LoadOptions } from '../../lib/build/load';
import { permalinkKey, primaryById } from '../../lib/build/load-dedupe';
import type { ArticleRecord, ParseResult, RecordSummary } from '../../lib/parse/types';
import { summaryOf } from '../../lib/build/load-parse-one';
import { walkContent } from '../../lib/build/walk';
import { archiveArticle, contentFolder } from './load-fixtures';

const made: string[] = [];
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = contentFolder(files);
  made.push(dir);
  return dir;
}

async function load(options: LoadOptions): Promise<{ records: ArticleRecord[]; report: Awaited<ReturnType<typeof loadContent>> }> {
  const records: ArticleRecord[] = [];
  const report = await loadContent({ cacheDir: null, ...options, onRecord: (r) => records.push(r) });
  return { records, report };
}

describe('walkContent', () => {
  test('finds every .md below the folder, README.md included, sorted by path bytes, with / separators', () => {
    const dir = folder({
      'b/README.md': 'x', 'a/z.md': 'x', 'a/B.md': 'x', 'notes.txt': 'x', '.git/x.md': 'x', 'a/sub/README.md': 'x', 'é.md': 'x',
    });
    assert.deepEqual(walkContent(dir).map((f) => f.source), ['a/B.md', 'a/sub/README.md', 'a/z.md', 'b/README.md', 'é.md']);
  });
  test('a single file lists itself', () => {
    const dir = folder({ 'one.md': 'x' });
    assert.deepEqual(walkContent(path.join(dir, 'one.md')).map((f) => f.source), ['one.md']);
  });
});

describe('loadContent', () => {
  test('a missing folder is a clear error', async () => {
    await assert.rejects(loadContent({ contentDir: '/no/such/folder-kb', cacheDir: null }), /content not found: \/no\/such\/folder-kb/);
  });

  test('same ID and same permalink in two files: the first in path order wins and the error names both files', async () => {
    const dir = folder({
      'a/Q900001.md': archiveArticle({ id: 'Q900001', title: 'First copy' }),
      'b/Q900001.md': archiveArticle({ id: 'Q900001', title: 'Second copy' }),
    });
    const { records, report } = await load({ contentDir: dir });
    assert.deepEqual(records.map((r) => [r.source, r.title]), [['a/Q900001.md', 'First copy']]);
    const dup = report.errors.find((e) => e.code === 'duplicate-id');
    assert.ok(dup, 'a duplicate-id error');
    assert.equal(dup.file, 'b/Q900001.md');
    assert.match(dup.message, /a\/Q900001\.md/);
    assert.deepEqual(report.skipped.map((s) => s.file), ['b/Q900001.md']);
    assert.match(report.skipped[0]?.reasons[0] ?? '', /^duplicate-id: /);
  });

  test('same ID, different permalinks: both are pages; the ID goes to the one following its scheme, and the report says so', async () => {
    const dir = folder({
      'a/Q900002.md': archiveArticle({ id: 'Q900002', title: 'Moved copy', permalink: '/elsewhere/Q900002/' }),
      'b/Q900002.md': archiveArticle({ id: 'Q900002', title: 'Scheme copy' }),
      'c/Q900002.md': archiveArticle({ id: 'Q900002', title: 'Third copy', permalink: '/third/Q900002/' }),
    });
    const { records, report } = await load({ contentDir: dir });
    assert.deepEqual(records.map((r) => [r.title, r.permalink]), [
      ['Moved copy', '/elsewhere/Q900002/'], ['Scheme copy', '/kb/900/Q900002/'], ['Third copy', '/third/Q900002/'],
    ]);
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(report.errors, []);
    const warnings = report.warnings.filter((w) => w.code === 'duplicate-id');
    assert.deepEqual(warnings.map((w) => w.file), ['b/Q900002.md', 'c/Q900002.md']);
    assert.match(warnings[0]?.message ?? '', /a\/Q900002\.md \(\/elsewhere\/Q900002\/\).*go to b\/Q900002\.md \(\/kb\/900\/Q900002\/: its permalink follows the ID's scheme\)/);
    assert.match(warnings[1]?.message ?? '', /go to b\/Q900002\.md/);
    const primary = primaryById(records).get('Q900002');
    assert.equal(primary?.title, 'Scheme copy');
    // none follows the scheme: the first in path order
    assert.equal(primaryById(records.filter((r) => r.title !== 'Scheme copy')).get('Q900002')?.title, 'Moved copy');
  });

  test('two files claiming one permalink, differing only in case and trailing slash: the first wins', async () => {
    const dir = folder({
      '1.md': archiveArticle({ id: 'Q900010', title: 'One', permalink: '/kb/x/Shared' }),
      '2.md': archiveArticle({ id: 'Q900011', title: 'Two', permalink: '/KB/x/shared/' }),
    });
    const { records, report } = await load({ contentDir: dir });
    assert.deepEqual(records.map((r) => r.id), ['Q900010']);
    const dup = report.errors.find((e) => e.code === 'duplicate-permalink');
    assert.equal(dup?.file, '2.md');
    assert.match(dup?.message ?? '', /1\.md/);
    assert.equal(permalinkKey('/KB/x/shared/'), permalinkKey('/kb/x/Shared'));
  });

  test('files in = pages out + skipped, with a broken file skipped and the rest kept', async () => {
    const dir = folder({
      'ok1.md': archiveArticle({ id: 'Q900020', title: 'Fine' }),
      'evil.md': '---js\n{ title: (function(){ throw new Error("ran") })() }\n---\nbody\n',
      'empty.md': '',
      'ok2.md': archiveArticle({ id: 'Q900021', title: 'Also fine' }),
    });
    const { records, report } = await load({ contentDir: dir });
    assert.equal(report.files, 4);
    assert.equal(report.files, report.articles + report.skipped.length);
    assert.equal(records.length, report.articles);
    assert.ok(records.some((r) => r.id === 'Q900020') && records.some((r) => r.id === 'Q900021'));
    assert.ok(report.skipped.some((s) => s.file === 'evil.md' && s.reasons.length > 0), 'the ---js file is skipped with a reason');
    for (const p of [...report.errors, ...report.warnings]) assert.ok(p.line >= 1 && p.file.length > 0);
  });

  test('worker threads give the same records, in the same order, as parsing in this thread', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 90; i++) {
      const id = `Q9${String(i).padStart(5, '0')}`;
      files[`kb/${String(i % 7)}/${id}/README.md`] = archiveArticle({ id, title: `Case ${i} with error 10038`, body: `See Q900001 and Q9${String((i + 1) % 90).padStart(5, '0')}.` });
    }
    const dir = folder(files);
    const inline = await load({ contentDir: dir, workers: 0 });
    const threaded = await load({ contentDir: dir, workers: 2 });
    assert.equal(threaded.report.workers, 2);
    assert.equal(inline.records.length, 90);
    assert.deepEqual(threaded.records, inline.records);
    assert.deepEqual(inline.records.map((r) => r.source), walkContent(dir).map((f) => f.source));
  });

  test('the content-hash cache: a warm load takes every file from cache and gives identical results', async () => {
    const dir = folder({
      'a.md': archiveArticle({ id: 'Q900030', title: 'Cached' }),
      'b.md': '---\ntitle: [unclosed\n---\nbody\n',
    });
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-cache-'));
    made.push(cacheDir);
    const results: ParseResult[][] = [[], []];
    const cold = await loadContent({ contentDir: dir, cacheDir, onResult: (r) => results[0]?.push(r) });
    const warm = await loadContent({ contentDir: dir, cacheDir, onResult: (r) => results[1]?.push(r) });
    assert.equal(cold.cached, 0);
    assert.equal(warm.cached, 2);
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(warm.errors, cold.errors);
  });

  test('the cache is one pack and its index: an edited file is parsed again and appended, the rest stay where they are, a damaged pack is a miss', async () => {
    const files = { 'a.md': archiveArticle({ id: 'Q900031', title: 'First' }), 'b.md': archiveArticle({ id: 'Q900032', title: 'Second' }), 'c.md': archiveArticle({ id: 'Q900033', title: 'Third' }) };
    const dir = folder(files);
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-cache-'));
    made.push(cacheDir);
    const runs: { places: PackPlace[]; texts: string[]; pack: string; size: number }[] = [];
    const run = async () => {
      const places: PackPlace[] = [];
      const report = await loadContent({ contentDir: dir, cacheDir, onRecord: (_r, _terms, place) => places.push(place as PackPlace) });
      const pack = readFileSync(report.pack as string);
      runs.push({ places, texts: places.map(([offset, length]) => pack.toString('utf8', offset, offset + length)), pack: path.basename(report.pack as string), size: pack.length });
      return report;
    };
    await run();
    assert.deepEqual(readdirSync(cacheDir).map((n) => n.replace(/-\d+-\d+/, '')).sort(), ['index.json', 'records.pack']);
    assert.match(runs[0]?.texts[1] ?? '', /"title":"Second"/, 'onRecord is told where its JSON text is in the pack');
    writeFileSync(path.join(dir, 'b.md'), archiveArticle({ id: 'Q900032', title: 'Second, edited' }));
    const edited = await run();
    assert.equal(edited.cached, 2, 'the two unchanged files come from the cache');
    assert.equal(runs[1]?.pack, runs[0]?.pack, 'the load appended to the same pack');
    assert.deepEqual(runs[1]?.places[0], runs[0]?.places[0], 'a cached record stays where it was');
    assert.deepEqual(runs[1]?.places[2], runs[0]?.places[2]);
    assert.ok((runs[1]?.places[1]?.[0] ?? 0) >= (runs[0]?.size ?? Infinity), 'the edited record is appended after the old bytes');
    assert.match(runs[1]?.texts[1] ?? '', /Second, edited/);
    assert.equal(runs[1]?.texts[0], runs[0]?.texts[0], 'a cached record is the same JSON text the parse gave');
    assert.deepEqual(readdirSync(cacheDir).map((n) => n.replace(/-\d+-\d+/, '')).sort(), ['index.json', 'records.pack'], 'no lock and no second pack are left');
    truncateSync(path.join(cacheDir, runs[1]?.pack as string), 10);
    const damaged = await run();
    assert.equal(damaged.cached, 0, 'a pack cut short gives misses, not errors');
    assert.equal(damaged.errors.length, 0);
    assert.deepEqual(runs[2]?.texts, runs[1]?.texts);
  });

  test('onSummary: each admitted record as its summary, its JSON text in the cache pack at the place given; it needs the cache', async () => {
    const dir = folder({ 'a.md': archiveArticle({ id: 'Q900051', title: 'First' }), 'b.md': archiveArticle({ id: 'Q900052', title: 'Second' }), 'c.md': archiveArticle({ id: 'Q900051', title: 'Dup' }) });
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-cache-'));
    made.push(cacheDir);
    const { records } = await load({ contentDir: dir });
    for (const round of ['cold', 'warm']) {
      const seen: { summary: RecordSummary; place: PackPlace }[] = [];
      const report = await loadContent({ contentDir: dir, cacheDir, searchTerms: true, onSummary: (summary, _terms, place) => seen.push({ summary, place }) });
      const pack = readFileSync(report.pack as string);
      assert.deepEqual(seen.map((s) => s.summary), records.map(summaryOf), `${round}: the summaries of the records onRecord gets`);
      assert.ok(seen.every((s) => s.summary.sections.every((k) => Object.keys(k).join() === 'kind')), 'sections by kind only');
      assert.deepEqual(seen.map(({ place: [o, l] }) => pack.toString('utf8', o, o + l)), records.map((r) => JSON.stringify(r)), `${round}: the full records are in the pack`);
      assert.equal(report.skipped.length, 1, 'the duplicate is still refused');
    }
    await assert.rejects(loadContent({ contentDir: dir, cacheDir: null, onSummary: () => {} }), /needs the record cache/);
  });

  test('a walk given is not walked again: only its files are read, its problems reported', async () => {
    const dir = folder({ 'a.md': archiveArticle({ id: 'Q900061', title: 'One' }), 'b.md': archiveArticle({ id: 'Q900062', title: 'Two' }) });
    const files = walkContent(dir).filter((f) => f.source === 'b.md');
    const problem = { file: 'gone.md', line: 1, code: 'symlink-outside', message: 'refused', severity: 'error' as const };
    const { records, report } = await load({ contentDir: dir, walked: { files, problems: [problem] } });
    assert.deepEqual(records.map((r) => r.id), ['Q900062']);
    assert.equal(report.files, 2, 'the refused link counts as a file in');
    assert.deepEqual(report.skipped.map((s) => s.file), ['gone.md']);
  });

  test('a file as the last load noted it (size and modification time) is not read again; an edit, even of the same size, is', async () => {
    const dir = folder({ 'a.md': archiveArticle({ id: 'Q900071', title: 'Alpha' }), 'b.md': archiveArticle({ id: 'Q900072', title: 'Bravo' }) });
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'kb-cache-'));
    made.push(cacheDir);
    // modified two minutes ago: a file modified in the minute before a load is read again by the next one
    const old = (Date.now() - 120_000) / 1000;
    for (const name of ['a.md', 'b.md']) utimesSync(path.join(dir, name), old, old);
    const titles = async (walked?: ReturnType<typeof walkContent>) => {
      const { records, report } = await load({ contentDir: dir, cacheDir, ...(walked ? { walked: { files: walked, problems: [] } } : {}) });
      return { titles: records.map((r) => r.title), report };
    };
    assert.deepEqual((await titles()).titles, ['Alpha', 'Bravo']);
    // the files as walked, but at a path that cannot be read: only a file read again would fail
    const unreadable = walkContent(dir).map((f) => ({ ...f, file: path.join(dir, 'gone', f.source) }));
    const second = await titles(unreadable);
    assert.deepEqual(second.titles, ['Alpha', 'Bravo'], 'neither file read');
    assert.equal(second.report.cached, 2);
    assert.equal(second.report.errors.length, 0);
    // the same size, a later modification time: read again
    writeFileSync(path.join(dir, 'b.md'), archiveArticle({ id: 'Q900072', title: 'Bruvo' }));
    assert.equal(statSync(path.join(dir, 'b.md')).size, statSync(path.join(dir, 'a.md')).size);
    assert.deepEqual((await titles()).titles, ['Alpha', 'Bruvo']);
    // modified within the last minute, then again with its time set back: not noted, so read again
    writeFileSync(path.join(dir, 'b.md'), archiveArticle({ id: 'Q900072', title: 'Brevo' }));
    const { mtime } = statSync(path.join(dir, 'b.md'));
    await titles();
    writeFileSync(path.join(dir, 'b.md'), archiveArticle({ id: 'Q900072', title: 'Bravo' }));
    utimesSync(path.join(dir, 'b.md'), mtime, mtime);
    assert.deepEqual((await titles()).titles, ['Alpha', 'Bravo'], 'a file modified in the minute before the load is never taken on trust');
  });
});
