import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { readPackedRecord } from '../../lib/build/store-pack';
import { archiveArticle, contentFolder } from './load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const content = contentFolder({
  'a.md': archiveArticle({ id: 'Q900300', title: 'Kept' }),
  'b.md': archiveArticle({ id: 'Q900300', title: 'Same ID' }),
  'c.md': '---coffee\nx = 1\n---\n',
});
const work = `${content}-out`;
after(() => { for (const d of [content, work]) rmSync(d, { recursive: true, force: true }); });

test('KB_STRICT=1 build: lists every problem, writes the report, exits non-zero before rendering', () => {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'scripts', 'build.ts'), '--prepare-only'], {
    cwd: root, encoding: 'utf8',
    env: { ...process.env, KB_STRICT: '1', KB_CONTENT_DIR: content, KB_STORE_DIR: path.join(work, 'store'), KB_CACHE_DIR: path.join(work, 'cache') },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^b\.md:1: .*\[duplicate-id, error\]$/m);
  assert.match(r.stderr, /^c\.md:\d+: .*\[[a-z-]+, error\]$/m);
  const report = JSON.parse(readFileSync(path.join(work, 'report.json'), 'utf8')) as { files: number; articles: number; skipped: { file: string }[] };
  assert.deepEqual([report.files, report.articles, report.skipped.map((s) => s.file)], [3, 1, ['b.md', 'c.md']]);
  assert.match(readPackedRecord(path.join(work, 'store'), '/kb/900/Q900300/') ?? '', /Q900300/, 'the store is written before stopping');
});
