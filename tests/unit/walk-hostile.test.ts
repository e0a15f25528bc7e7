/**
 * The content walk cannot loop or leave: symlink loops, links to parent folders and to places
 * outside the content folder, hard links, unreadable folders. Links are made at test time.
 */
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import type { Problem } from '../../lib/parse/types';
import { walkContent } from '../../lib/build/walk';
import { archiveArticle, contentFolder } from './load-fixtures';

const made: string[] = [];
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });

/** A content folder at `<tmp>/content` with a sibling `<tmp>/outside` folder. */
function hostileFolder(): { dir: string; outside: string } {
  const box = contentFolder({
    'content/a/Q900001.md': archiveArticle({ id: 'Q900001', title: 'One' }),
    'content/b/Q900002.md': archiveArticle({ id: 'Q900002', title: 'Two' }),
    'content/.hidden/Q900003.md': archiveArticle({ id: 'Q900003', title: 'Hidden' }),
    'outside/Q900009.md': archiveArticle({ id: 'Q900009', title: 'Outside' }),
  });
  made.push(box);
  return { dir: path.join(box, 'content'), outside: path.join(box, 'outside') };
}

describe('walkContent: links and loops', () => {
  test('a loop, two links to the parent folder and links out of the folder: every file once, links refused by their own path', () => {
    const { dir, outside } = hostileFolder();
    symlinkSync('..', path.join(dir, 'a', 'loop'));          // a/loop → content (a loop)
    symlinkSync('../..', path.join(dir, 'a', 'up1'));        // → the folder above content
    symlinkSync('../..', path.join(dir, 'b', 'up2'));
    symlinkSync(outside, path.join(dir, 'b', 'out'));
    symlinkSync(path.join(outside, 'Q900009.md'), path.join(dir, 'b', 'outside.md'));
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.md'));
    symlinkSync('/etc', path.join(dir, 'etc'));
    symlinkSync('nowhere', path.join(dir, 'broken.md'));
    const problems: Problem[] = [];
    const started = performance.now();
    const files = walkContent(dir, problems);
    assert.ok(performance.now() - started < 5000, 'the walk ends');
    assert.deepEqual(files.map((f) => f.source), ['a/Q900001.md', 'b/Q900002.md']);
    const byFile = Object.fromEntries(problems.map((p) => [p.file, p.code]));
    assert.deepEqual(byFile, {
      'a/loop': 'symlink-duplicate', 'a/up1': 'symlink-outside', 'b/up2': 'symlink-outside', 'b/out': 'symlink-outside',
      'b/outside.md': 'symlink-outside', 'passwd.md': 'symlink-outside', etc: 'symlink-outside', 'broken.md': 'symlink-broken',
    });
    assert.equal(problems.find((p) => p.file === 'etc')?.severity, 'error');
  });

  test('a file reachable by several paths counts once: under its path without links, else the first link path in byte order', () => {
    const { dir } = hostileFolder();
    symlinkSync(path.join(dir, 'a', 'Q900001.md'), path.join(dir, '0-first.md')); // sorts before a/…, but is a link
    symlinkSync('.hidden', path.join(dir, 'z-link'));
    symlinkSync('.hidden', path.join(dir, 'y-link'));
    linkSync(path.join(dir, 'b', 'Q900002.md'), path.join(dir, 'b', 'A-hard.md'));
    const problems: Problem[] = [];
    const files = walkContent(dir, problems);
    assert.deepEqual(files.map((f) => f.source), ['a/Q900001.md', 'b/A-hard.md', 'y-link/Q900003.md']);
    assert.deepEqual(problems.map((p) => [p.file, p.code]).sort(), [['0-first.md', 'symlink-duplicate'], ['b/Q900002.md', 'duplicate-path'], ['z-link', 'symlink-duplicate']]);
  });

  test('an unreadable folder is reported and the rest is read', () => {
    const { dir } = hostileFolder();
    mkdirSync(path.join(dir, 'locked'));
    const problems: Problem[] = [];
    const readDir = (folder: string) => {
      if (folder.endsWith(`${path.sep}locked`)) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return readdirSync(folder, { withFileTypes: true });
    };
    const files = walkContent(dir, problems, { readDir });
    assert.deepEqual(files.map((f) => f.source), ['a/Q900001.md', 'b/Q900002.md']);
    assert.deepEqual(problems.map((p) => [p.file, p.code, p.severity]), [['locked', 'folder-unreadable', 'error']]);
  });

  test('loadContent: refused links are in the report (files in = pages out + skipped)', async () => {
    const { dir, outside } = hostileFolder();
    symlinkSync('..', path.join(dir, 'a', 'loop'));
    symlinkSync(outside, path.join(dir, 'out'));
    const report = await loadContent({ contentDir: dir, cacheDir: null });
    assert.equal(report.articles, 2);
    assert.deepEqual(report.skipped.map((s) => s.file), ['out']);
    assert.equal(report.files, report.articles + report.skipped.length);
    assert.deepEqual(report.warnings.filter((w) => w.code.startsWith('symlink')).map((w) => w.file), ['a/loop']);
  });
});

describe('build stamp over a hostile folder', () => {
  test('treeStamp ends on symlink loops and links to parents; a linked file still counts', async () => {
    const { treeStamp } = await import('../../lib/build/build-state');
    const { dir } = hostileFolder();
    symlinkSync('..', path.join(dir, 'a', 'loop'));
    symlinkSync('../..', path.join(dir, 'a', 'up1'));
    symlinkSync('../..', path.join(dir, 'b', 'up2'));
    symlinkSync(path.join(dir, 'b', 'Q900002.md'), path.join(dir, 'link.md'));
    const started = performance.now();
    const before = treeStamp([dir]);
    assert.ok(performance.now() - started < 5000, 'the stamp ends');
    const { utimesSync } = await import('node:fs');
    utimesSync(path.join(dir, 'b', 'Q900002.md'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    assert.notEqual(treeStamp([dir]), before);
  });
});
