import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { listTree, syncTree } from '../../lib/build/sync-tree';

const box = mkdtempSync(path.join(tmpdir(), 'kb-sync-'));
after(() => rmSync(box, { recursive: true, force: true }));

function put(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
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
