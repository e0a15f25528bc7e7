/**
 * Folder listings kept from the last walk (lib/build/folder-listings.ts): a walk or a stamp that takes
 * an unchanged folder's entries from the record finds exactly what reading every folder finds, after
 * any edit, addition, deletion, rename or change of kind; a folder changed just before a walk is not
 * recorded; and the walk handed to the prepare child comes back as it was.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathStamp, walkStamp } from '../../lib/build/build-state';
import { FolderListings } from '../../lib/build/folder-listings';
import { packWalk, unpackWalk, walkContent, type Walked } from '../../lib/build/walk';
import { listFiles } from '../../lib/hosting/walk-files';
import type { Problem } from '../../lib/parse/types';

const work = mkdtempSync(path.join(tmpdir(), 'kb-listings-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Short enough for a test, far above the clock's tick. */
const RACY = 250;
const settle = (): Promise<void> => new Promise((resolve) => { setTimeout(resolve, RACY + 100); });

function tree(name: string): string {
  const dir = path.join(work, name);
  for (const [file, text] of Object.entries({
    'a/one.md': 'one', 'a/sub/two.md': 'two', 'b/three.md': 'three', 'c/notes.txt': 'not an article', 'four.md': 'four',
  })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  symlinkSync(path.join(dir, 'b'), path.join(dir, 'z-link'));
  return dir;
}

function walk(dir: string, listings?: FolderListings): Walked {
  const problems: Problem[] = [];
  const files = walkContent(dir, problems, { listings });
  return { files, problems };
}

test('a walk with the last walk\'s listings finds what reading every folder finds, and reads only the changed folders', async () => {
  const dir = tree('walk');
  const file = path.join(work, 'walk.tsv');
  await settle();
  const first = new FolderListings(file, dir, { racyMs: RACY });
  assert.deepEqual(walk(dir, first), walk(dir));
  assert.equal(first.read, 5, 'no record yet: the root, a, a/sub, b and c read (z-link is b again)');
  first.save();

  const again = new FolderListings(file, dir, { racyMs: RACY });
  assert.deepEqual(walk(dir, again), walk(dir));
  assert.equal(again.read, 0, 'nothing changed: every folder from the record');

  writeFileSync(path.join(dir, 'a', 'added.md'), 'added'); // a
  rmSync(path.join(dir, 'b', 'three.md')); // b (and the link to it)
  renameSync(path.join(dir, 'a', 'sub'), path.join(dir, 'a', 'moved')); // a again
  rmSync(path.join(dir, 'c', 'notes.txt'));
  mkdirSync(path.join(dir, 'c', 'notes.txt')); // a file become a folder: c, and the new folder
  writeFileSync(path.join(dir, 'c', 'notes.txt', 'five.md'), 'five');
  const changed = new FolderListings(file, dir, { racyMs: RACY });
  const seen = walk(dir, changed);
  assert.deepEqual(seen, walk(dir));
  assert.deepEqual(seen.files.map((f) => f.source), ['a/added.md', 'a/moved/two.md', 'a/one.md', 'c/notes.txt/five.md', 'four.md']);
  assert.equal(changed.read, 5, 'a, b, c and the new a/moved and c/notes.txt; the root from the record');
  changed.save();
  await settle();
  const later = new FolderListings(file, dir, { racyMs: RACY });
  assert.deepEqual(walk(dir, later), walk(dir), 'the listings saved after a walk that read some folders');
});

test('an edit in place (same folder) still shows: files are stat\'ed on every walk', async () => {
  const dir = tree('edit');
  const file = path.join(work, 'edit.tsv');
  await settle();
  const first = new FolderListings(file, dir, { racyMs: RACY });
  const before = walkStamp(walk(dir, first));
  first.save();
  writeFileSync(path.join(dir, 'a', 'one.md'), 'uno');
  utimesSync(path.join(dir, 'b', 'three.md'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  const listings = new FolderListings(file, dir, { racyMs: RACY });
  const after = walk(dir, listings);
  assert.equal(listings.read, 0, 'no folder changed');
  assert.notEqual(walkStamp(after), before);
  assert.equal(walkStamp(after), walkStamp(walk(dir)));
});

test('a folder changed just before the walk is not recorded: the next walk reads it again', async () => {
  const dir = tree('racy');
  const file = path.join(work, 'racy.tsv');
  await settle();
  const first = new FolderListings(file, dir, { racyMs: RACY });
  walk(dir, first);
  first.save();
  writeFileSync(path.join(dir, 'a', 'added.md'), 'added');
  const second = new FolderListings(file, dir, { racyMs: RACY });
  walk(dir, second);
  assert.equal(second.read, 1, 'a changed');
  second.save();
  // a was changed less than RACY before the second walk: a change in the same tick could hide from its times
  const third = new FolderListings(file, dir, { racyMs: RACY });
  walk(dir, third);
  assert.equal(third.read, 1, 'a is read again');
});

test('a listings file of another folder, or a broken one, is not used', async () => {
  const dir = tree('foreign');
  const other = tree('other');
  const file = path.join(work, 'foreign.tsv');
  await settle();
  const ofOther = new FolderListings(file, other, { racyMs: RACY });
  walk(other, ofOther);
  ofOther.save();
  const listings = new FolderListings(file, dir, { racyMs: RACY });
  assert.deepEqual(walk(dir, listings), walk(dir));
  assert.equal(listings.read, 5);
  writeFileSync(file, 'kb-folder-listings-1\tnot a record\n.\t1\t2\n');
  const broken = new FolderListings(file, dir, { racyMs: RACY });
  assert.deepEqual(walk(dir, broken), walk(dir));
});

test('a stamp with listings equals one without, and sees a touched, added or removed file', async () => {
  const dir = tree('stamp');
  const file = path.join(work, 'stamp.tsv');
  await settle();
  const stamp = (): string => {
    const listings = new FolderListings(file, dir, { racyMs: RACY });
    const found = pathStamp(dir, { listings });
    listings.save();
    assert.equal(found, pathStamp(dir), 'as reading every folder');
    return found;
  };
  const first = stamp();
  assert.equal(stamp(), first);
  utimesSync(path.join(dir, 'a', 'sub', 'two.md'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  const touched = stamp();
  assert.notEqual(touched, first, 'touched');
  writeFileSync(path.join(dir, 'c', 'new.html'), 'x');
  const added = stamp();
  assert.notEqual(added, touched, 'added');
  rmSync(path.join(dir, 'c', 'new.html'));
  assert.equal(stamp(), touched, 'removed again');
});

test('the listing walk of a build\'s export records its folders for the next stamp, which reads none and still sees a change', async () => {
  const dir = tree('export');
  const file = path.join(work, 'export.tsv');
  await settle();
  // the build's own walk of its export (lib/build/out-listing.ts), with no record yet
  const walked = new FolderListings(file, dir, { racyMs: RACY });
  assert.deepEqual(await listFiles(dir, { listings: walked }), await listFiles(dir), 'as reading every folder');
  assert.equal(walked.read, 5, 'root, a, a/sub, b, c');
  walked.save();

  const next = new FolderListings(file, dir, { racyMs: RACY });
  const stamp = pathStamp(dir, { listings: next });
  assert.equal(next.read, 0, 'every folder from what the walk recorded');
  assert.equal(stamp, pathStamp(dir));
  next.save();
  writeFileSync(path.join(dir, 'a', 'sub', 'added.html'), 'x');
  const changed = new FolderListings(file, dir, { racyMs: RACY });
  assert.notEqual(pathStamp(dir, { listings: changed }), stamp, 'a file added to a recorded folder');
  assert.equal(changed.read, 1, 'a/sub');
});

test('a walk handed to another process comes back as it was', () => {
  const dir = tree('packed');
  mkdirSync(path.join(dir, '.hidden'));
  writeFileSync(path.join(dir, '.hidden', 'five.md'), 'five');
  symlinkSync(path.join(dir, '.hidden', 'five.md'), path.join(dir, 'a', 'linked.md'));
  symlinkSync('/etc/hostname', path.join(dir, 'outside.md'));
  const walked = walk(dir);
  assert.ok(walked.files.some((f) => f.file !== path.join(dir, f.source)), 'a file read under another path');
  assert.ok(walked.problems.length > 0);
  const cloned = structuredClone(packWalk(dir, walked));
  assert.deepEqual(unpackWalk(cloned), walked);
  assert.deepEqual(unpackWalk(structuredClone(packWalk(dir, { files: [], problems: [] }))), { files: [], problems: [] });
  const one = path.join(dir, 'four.md');
  assert.deepEqual(unpackWalk(packWalk(one, walk(one))), walk(one));
});
