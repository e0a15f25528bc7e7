import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { listTree, syncTree } from '../../lib/build/sync-tree';

const box = mkdtempSync(path.join(tmpdir(), 'kb-sync-'));
after(() => rmSync(box, { recursive: true, force: true }));

/** Writes each file anew (a copy that is a hard link to its source is replaced, not written through). */
function put(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    rmSync(path.join(dir, rel), { force: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

test('syncTree writes changed files, removes the ones the source lost and the folders that leaves empty', () => {
  const src = path.join(box, 'src');
  const dst = path.join(box, 'dst');
  put(src, { 'search/aaa/terms/0.json': '1', 'search/meta.json': 'a', 'kept/x.txt': 'x' });
  const first = syncTree(src, dst, []);
  assert.equal(first.written, 3);
  rmSync(path.join(src, 'search', 'aaa'), { recursive: true });
  put(src, { 'search/bbb/terms/0.json': '2', 'search/meta.json': 'b' });
  put(dst, { 'kept/other.txt': 'not from the source' });
  const second = syncTree(src, dst, first.files);
  assert.deepEqual([second.written, second.removed], [2, 1]);
  assert.ok(!existsSync(path.join(dst, 'search', 'aaa')), 'the old build folder is gone, not left empty');
  assert.deepEqual(listTree(dst), ['kept/other.txt', 'kept/x.txt', 'search/bbb/terms/0.json', 'search/meta.json']);
});

test('syncTree: a file named by its content is taken as equal when the copy has its name and size; any other is compared', () => {
  const src = path.join(box, 'named-src');
  const dst = path.join(box, 'named-dst');
  put(src, { 'terms/0.1a2b3c4d.json': 'abc', 'meta.json': 'm1' });
  const named = (rel: string): boolean => /\.[0-9a-f]{8}\.json$/.test(rel);
  const first = syncTree(src, dst, [], named);
  assert.equal(first.written, 2);
  put(dst, { 'terms/0.1a2b3c4d.json': 'xyz', 'meta.json': 'm2' }); // same sizes, other bytes
  const second = syncTree(src, dst, first.files, named);
  assert.equal(second.written, 1, 'meta.json is compared and written; the named file is not read');
  assert.equal(readFileSync(path.join(dst, 'meta.json'), 'utf8'), 'm1');
  put(dst, { 'terms/0.1a2b3c4d.json': 'longer' });
  assert.equal(syncTree(src, dst, first.files, named).written, 1, 'a named file of another size is copied');
  assert.equal(readFileSync(path.join(dst, 'terms', '0.1a2b3c4d.json'), 'utf8'), 'abc');
});

test('syncTree: a file named by its content is hard-linked into the copy, any other file copied', () => {
  const src = path.join(box, 'link-src');
  const dst = path.join(box, 'link-dst');
  put(src, { 'terms/0.1a2b3c4d.json': 'abc', 'meta.json': 'm1' });
  const named = (rel: string): boolean => /\.[0-9a-f]{8}\.json$/.test(rel);
  assert.equal(syncTree(src, dst, [], named).written, 2);
  const ino = (dir: string, rel: string) => statSync(path.join(dir, rel)).ino;
  assert.equal(ino(dst, 'terms/0.1a2b3c4d.json'), ino(src, 'terms/0.1a2b3c4d.json'), 'the named file is a hard link to the source');
  assert.notEqual(ino(dst, 'meta.json'), ino(src, 'meta.json'), 'meta.json is a copy: the index writes it again in place of its old bytes');
  // the source's file replaced by another of the same name (the index renames a new file over it): the copy keeps its bytes until synced
  put(src, { 'terms/0.1a2b3c4d.json': 'abcd' });
  assert.equal(readFileSync(path.join(dst, 'terms', '0.1a2b3c4d.json'), 'utf8'), 'abc');
  assert.equal(syncTree(src, dst, ['terms/0.1a2b3c4d.json', 'meta.json'], named).written, 1, 'another size: linked again');
  assert.equal(readFileSync(path.join(dst, 'terms', '0.1a2b3c4d.json'), 'utf8'), 'abcd');
});
