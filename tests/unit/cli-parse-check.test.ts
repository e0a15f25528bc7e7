import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { archiveArticle, contentFolder } from './load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const kb = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'kb.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const good = contentFolder({
  'kb/900/Q900200/README.md': archiveArticle({ id: 'Q900200', title: 'First &quot;quoted&quot; title' }),
  'kb/900/Q900201/README.md': archiveArticle({ id: 'Q900201', title: 'Second' }),
});
const bad = contentFolder({
  'a.md': archiveArticle({ id: 'Q900210', title: 'Kept' }),
  'b.md': archiveArticle({ id: 'Q900210', title: 'Duplicate', permalink: '/other/' }),
  'c.md': '---\ntitle: "Q900212: Bad YAML\nplain: [\n---\nbody text\n',
});
after(() => { for (const d of [good, bad]) rmSync(d, { recursive: true, force: true }); });

describe('kb parse', () => {
  test('prints one JSON record per line for a folder, in path order', () => {
    const r = kb('parse', good, '--json');
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; title: string; source: string });
    assert.deepEqual(records.map((x) => x.id), ['Q900200', 'Q900201']);
    assert.equal(records[0]?.title, 'First "quoted" title');
    assert.equal(records[0]?.source, 'kb/900/Q900200/README.md');
  });

  test('parses a single file', () => {
    const r = kb('parse', path.join(good, 'kb/900/Q900201/README.md'), '--json');
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).id, 'Q900201');
  });

  test('problems go to stderr as path:line: message', () => {
    const r = kb('parse', path.join(bad, 'c.md'), '--json');
    assert.match(r.stderr, new RegExp(`^${path.join(bad, 'c.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: .+`, 'm'));
  });

  test('a path that does not exist: a clear error and exit 1', () => {
    const r = kb('parse', '/no/such/kb-path', '--json');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\/no\/such\/kb-path: no such file or folder/);
    assert.equal(r.stdout, '');
  });
});

describe('kb check', () => {
  test('--json reports counts that add up and names both files of a duplicate', () => {
    const r = kb('check', bad, '--json', '--no-cache');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: number; articles: number; skipped: unknown[]; errors: { file: string; code: string; message: string; line: number }[]; warnings: unknown[] };
    assert.equal(out.files, 3);
    assert.equal(out.files, out.articles + out.skipped.length);
    // same ID, another permalink: both are pages, and a warning names both files
    assert.equal(out.errors.some((e) => e.code === 'duplicate-id'), false);
    const dup = (out.warnings as { file: string; code: string; message: string }[]).find((e) => e.code === 'duplicate-id');
    assert.equal(dup?.file, 'b.md');
    assert.match(dup?.message ?? '', /a\.md/);
    assert.ok(out.errors.some((e) => e.file === 'c.md' && e.line >= 1));
  });

  test('human form lists path:line: message [code, severity]; --strict exits 1 on problems', () => {
    const human = kb('check', bad, '--no-cache');
    assert.equal(human.code, 0);
    assert.match(human.stdout, new RegExp(`b\\.md:1: .*Q900210.* \\[duplicate-id, warning\\]`));
    assert.equal(kb('check', bad, '--strict', '--no-cache').code, 1);
  });

  test('clean content: no problems, --strict exits 0', () => {
    const r = kb('check', good, '--strict', '--json', '--no-cache');
    assert.equal(r.code, 0, r.stdout);
    const out = JSON.parse(r.stdout) as { files: number; articles: number; errors: unknown[] };
    assert.deepEqual([out.files, out.articles, out.errors.length], [2, 2, 0]);
  });

  test('a missing folder: exit 1', () => {
    assert.equal(kb('check', '/no/such/kb-dir').code, 1);
  });
});
