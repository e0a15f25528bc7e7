/**
 * A rebuild after an edit draws only the pages whose inputs changed and leaves out/ exactly as a
 * cold build of the same content would. Four articles: A cites B, C and D are of another product.
 * B is retitled: B's page, A's (which shows B's title in its citations) and the two lists showing
 * B's title (its product's page, /kb/900/) are drawn again; C, D, their product's page and the rest
 * are not. Then a forced cold build must give the same tree, byte for byte.
 * out/ and public/_kb/ are put back as they were.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseStateFile } from '../../lib/build/page-inputs';
import { archiveArticle, contentFolder } from '../unit/load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const box = mkdtempSync(path.join(tmpdir(), 'kb-incremental-'));
const work = path.join(box, 'work');
const content = contentFolder({
  'a.md': archiveArticle({ id: 'Q900401', title: 'Widget setup fails', body: 'Setup stops at the driver step. See article Q900402 for the driver.' }),
  'b.md': archiveArticle({ id: 'Q900402', title: 'Widget driver', body: 'The widget driver loads at startup.' }),
  'c.md': archiveArticle({ id: 'Q900403', title: 'Gadget battery drains', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight.' }),
  'd.md': archiveArticle({ id: 'Q900404', title: 'Gadget screen flickers', product: 'Fabrikam Gadget', body: 'The gadget screen flickers when dimmed.' }),
});

interface Run { status: number | null; stderr: string; out: string; pages: Map<string, string> }
const runs: Run[] = [];

function build(name: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'scripts', 'build.ts')], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KB_CONTENT_DIR: content, KB_STORE_DIR: path.join(work, 'store'), KB_CACHE_DIR: path.join(work, 'cache'), KB_STRICT: '', ...env },
  });
  const out = path.join(box, name);
  if (r.status === 0) cpSync(path.join(root, 'out'), out, { recursive: true });
  // what each page was drawn from, as the build keeps it next to the store
  const state = path.join(work, 'pages.tsv');
  return { status: r.status, stderr: r.stderr, out, pages: existsSync(state) ? parseStateFile(readFileSync(state, 'utf8')) : new Map() };
}

/** Every file below `dir` with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

before(() => {
  const saved = [path.join(root, 'out'), path.join(root, 'public', '_kb')].map((dir) => ({ dir, keep: `${dir}.before-incremental-test` }));
  for (const s of saved) if (existsSync(s.dir)) renameSync(s.dir, s.keep);
  try {
    runs.push(build('first'));
    writeFileSync(path.join(content, 'b.md'), archiveArticle({ id: 'Q900402', title: 'Widget driver, retitled', body: 'The widget driver loads at startup.' }));
    runs.push(build('edited'));
    runs.push(build('cold', { KB_FORCE: '1' }));
    runs.push(build('unchanged'));
    // an edit of an article's text: the site data is the same outside the similar articles
    writeFileSync(path.join(content, 'c.md'), archiveArticle({ id: 'Q900403', title: 'Gadget battery drains', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight. Charge it fully first.' }));
    runs.push(build('text-edited'));
    // next build must run again (its settings changed) while D is retitled: out/ is kept, not deleted
    // and drawn again; then a cold build with the same settings
    writeFileSync(path.join(content, 'd.md'), archiveArticle({ id: 'Q900404', title: 'Gadget screen flickers, retitled', product: 'Fabrikam Gadget', body: 'The gadget screen flickers when dimmed.' }));
    runs.push(build('next-again', { KB_NEXT_HEAP_MB: '600' }));
    runs.push(build('next-again-cold', { KB_NEXT_HEAP_MB: '600', KB_FORCE: '1' }));
  } finally {
    for (const s of saved) {
      rmSync(s.dir, { recursive: true, force: true });
      if (existsSync(s.keep)) renameSync(s.keep, s.dir);
    }
  }
});
after(() => { for (const d of [box, content]) rmSync(d, { recursive: true, force: true }); });

test('the builds succeed', () => {
  for (const r of runs) assert.equal(r.status, 0, r.stderr.slice(-3000));
});

test('after retitling B, only B, the article citing it and the lists showing its title are drawn again', () => {
  const [first, edited] = runs as [Run, Run];
  const m = /build: pages (\d+), (\d+) checked in full, (\d+) drawn/.exec(edited.stderr);
  assert.ok(m, edited.stderr.slice(-2000));
  // a page drawn from other inputs has another state line; one left as it was keeps its line
  const drawn = [...edited.pages].filter(([p, s]) => first.pages.get(p) !== s).map(([p]) => p).sort();
  assert.deepEqual(drawn, ['/kb/900/', '/kb/900/Q900401/', '/kb/900/Q900402/', '/product/contoso-widget/']);
  assert.equal(Number(m[3]), 4, 'four pages drawn');
  // the selective check: those four, and the list pages that may show a changed article (the home and
  // search pages, always; the bucket index); every other page known unchanged without checking it
  assert.match(edited.stderr, /selective check/);
  assert.equal(Number(m[2]), 7, 'only those four and the home, search and bucket index pages checked in full');
  assert.ok(Number(m[1]) > 10, 'the other pages (C, D, their product, home, search, the indexes) known unchanged');
  assert.match(readFileSync(path.join(edited.out, 'kb', '900', 'Q900401', 'index.html'), 'utf8'), /Widget driver, retitled/, "A's citation shows B's new title");
  assert.match(readFileSync(path.join(edited.out, 'kb', '900', 'Q900402', 'index.html'), 'utf8'), /Widget driver, retitled/);
});

test('after an edit of a text, the pages are checked quickly and the build reads no site data; a retitle reads it', () => {
  const [, edited, , , textEdited] = runs as [Run, Run, Run, Run, Run];
  assert.match(textEdited.stderr, /quick check: the site data changed in its similar articles only/, textEdited.stderr.slice(-2000));
  assert.match(textEdited.stderr, /the site data was not read by this process/);
  assert.match(readFileSync(path.join(textEdited.out, 'kb', '900', 'Q900403', 'index.html'), 'utf8'), /Charge it fully first/);
  assert.match(edited.stderr, /no quick check: site data changed outside the similar articles/);
  assert.match(edited.stderr, /the site data was read by this process/);
});

test('a forced build moves the last out/ aside and deletes it once its own files are written', () => {
  const cold = runs[2] as Run;
  const log = cold.stderr;
  assert.match(log, /build: the replaced out\/ deleted done in/, log.slice(-2000));
  const pagesDone = log.indexOf('build: pages done');
  assert.ok(pagesDone >= 0 && pagesDone < log.indexOf('the replaced out/ deleted'), 'deleted after the pages');
  assert.ok(!existsSync(path.join(root, '.kb', 'out-replaced')), 'nothing left aside');
  assert.doesNotMatch((runs[3] as Run).stderr, /replaced out/, 'a build that replaced nothing deletes nothing');
});

test('a build after no change does nothing and leaves the tree as it was', () => {
  const unchanged = runs[3] as Run;
  assert.match(unchanged.stderr, /nothing changed since the last build/, unchanged.stderr.slice(-2000));
  assert.doesNotMatch(unchanged.stderr, /build: pages/);
  const before = tree((runs[2] as Run).out);
  const after = tree(unchanged.out);
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
});

test('the rebuilt tree equals a cold build of the same content, byte for byte', () => {
  const edited = tree((runs[1] as Run).out);
  const cold = tree((runs[2] as Run).out);
  assert.deepEqual([...edited.keys()].sort(), [...cold.keys()].sort());
  for (const [file, bytes] of cold) assert.ok(bytes.equals(edited.get(file) as Buffer), `${file} differs from the cold build's`);
});

test('a rebuild that runs next build again keeps out/: only the changed pages are drawn, and the tree equals a cold build\'s', () => {
  const [, , , , textEdited, again, cold] = runs as [Run, Run, Run, Run, Run, Run, Run];
  assert.match(again.stderr, /next build done/, again.stderr.slice(-2000));
  assert.match(again.stderr, /out\/ kept \(next build exported beside it\)/);
  assert.match(cold.stderr, /next build done/);
  assert.doesNotMatch(cold.stderr, /out\/ kept/, 'a forced build trusts nothing of out/');
  // D, its product's page and the lists showing its title (the others' inputs are unchanged)
  const drawn = [...again.pages].filter(([p, st]) => textEdited.pages.get(p) !== st).map(([p]) => p).sort();
  assert.deepEqual(drawn, ['/kb/900/', '/kb/900/Q900404/', '/product/fabrikam-gadget/']);
  assert.equal(/build: pages \d+, \d+ checked in full, (\d+) drawn/.exec(again.stderr)?.[1], '3', 'those three drawn, no other');
  assert.ok(!existsSync(path.join(root, '.kb', 'next-export')), "next build's export is not left beside out/");
  assert.match(readFileSync(path.join(again.out, 'kb', '900', 'Q900404', 'index.html'), 'utf8'), /flickers, retitled/);
  const kept = tree(again.out);
  const fresh = tree(cold.out);
  assert.deepEqual([...kept.keys()].sort(), [...fresh.keys()].sort());
  for (const [file, bytes] of fresh) assert.ok(bytes.equals(kept.get(file) as Buffer), `${file} differs from the cold build's`);
});
