/** The stamps that let a build after no change do nothing: every edit, addition and deletion shows. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { readBuildState, treeStamp, walkStamp, writeBuildState } from '../../lib/build/build-state';
import { walkContent, type Walked } from '../../lib/build/walk';

const work = mkdtempSync(path.join(tmpdir(), 'kb-build-state-'));
after(() => rmSync(work, { recursive: true, force: true }));

/**
 * Edits `dir/a/one.md` (size, then time), adds `dir/<added>` and deletes it again, asserting that
 * `stamp` sees each step and comes back when the file goes; returns the stamp after the edits.
 */
function seesEditsAddsAndDeletes(stamp: () => string, dir: string, first: string, added: string): string {
  writeFileSync(path.join(dir, 'a', 'one.md'), 'uno');
  const edited = stamp();
  assert.notEqual(edited, first, 'edit (size)');
  utimesSync(path.join(dir, 'a', 'one.md'), new Date(), new Date(Date.now() + 5000));
  const touched = stamp();
  assert.notEqual(touched, edited, 'edit (same size, new time)');
  writeFileSync(path.join(dir, added), 'added');
  assert.notEqual(stamp(), touched, 'added');
  rmSync(path.join(dir, added));
  assert.equal(stamp(), touched, 'deleted again: back to the stamp before');
  return touched;
}

test('a tree stamp changes on an edit, an added and a deleted file, a setting; not on nothing', () => {
  const dir = path.join(work, 'content');
  mkdirSync(path.join(dir, 'a'), { recursive: true });
  writeFileSync(path.join(dir, 'a', 'one.md'), 'one');
  writeFileSync(path.join(dir, 'two.md'), 'two');
  const stamp = (): string => treeStamp([dir, path.join(work, 'missing')], { basePath: '' });
  const first = stamp();
  assert.equal(stamp(), first, 'nothing changed');

  const touched = seesEditsAddsAndDeletes(stamp, dir, first, 'three.md');
  assert.notEqual(treeStamp([dir, path.join(work, 'missing')], { basePath: '/kb' }), touched, 'setting');
  mkdirSync(path.join(work, 'missing'));
  writeFileSync(path.join(work, 'missing', 'x'), 'x');
  assert.notEqual(stamp(), touched, 'a folder that appears');
});

test('the state file round-trips; a broken one reads as none', () => {
  const file = path.join(work, 'state.json');
  assert.equal(readBuildState(file), null);
  writeBuildState(file, { sources: 'a', outputs: 'b' });
  assert.deepEqual(readBuildState(file), { sources: 'a', outputs: 'b' });
  writeFileSync(file, '{"sources": 1');
  assert.equal(readBuildState(file), null);
});

test('the content stamp (the walk) changes on an edit, an added or deleted article, a refused link; not on a file that is no article', () => {
  const dir = path.join(work, 'walked');
  mkdirSync(path.join(dir, 'a'), { recursive: true });
  writeFileSync(path.join(dir, 'a', 'one.md'), 'one');
  const stamp = (): string => {
    const walked: Walked = { files: [], problems: [] };
    walked.files = walkContent(dir, walked.problems);
    return walkStamp(walked);
  };
  const first = stamp();
  assert.equal(stamp(), first, 'nothing changed');
  writeFileSync(path.join(dir, 'notes.txt'), 'not an article');
  assert.equal(stamp(), first, 'a file the load does not read');
  const touched = seesEditsAddsAndDeletes(stamp, dir, first, 'two.md');
  symlinkSync('/etc/hostname', path.join(dir, 'out.md'));
  assert.notEqual(stamp(), touched, 'a link the walk refuses');
  assert.notEqual(walkStamp(null), touched, 'no content');
});

test('a folder stamped from a listing the caller made hashes as walking it does', () => {
  const dir = path.join(work, 'listed');
  mkdirSync(path.join(dir, 'kb', '155'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), 'home');
  writeFileSync(path.join(dir, 'kb', '155', 'index.html'), 'page');
  writeFileSync(path.join(dir, 'kb', 'a b.html'), 'odd name');
  const listing = ['index.html', 'kb/155/index.html', 'kb/a b.html'].map((file) => {
    const s = statSync(path.join(dir, file));
    return { file, size: s.size, mtimeMs: s.mtimeMs };
  });
  const other = path.join(work, 'listed-state.json');
  writeFileSync(other, '{}');
  assert.equal(treeStamp([dir, other], { x: 1 }, new Map([[dir, listing]])), treeStamp([dir, other], { x: 1 }));
  assert.notEqual(treeStamp([dir, other], { x: 1 }, new Map([[dir, listing.slice(1)]])), treeStamp([dir, other], { x: 1 }), 'a file left out shows');
});
