/**
 * The `kb` binary runs without dev dependencies: the bundle `npm run prepare` makes (dist/kb.mjs and
 * the parse worker), in a package whose node_modules has no tsx and no esbuild, parses and checks
 * articles, the worker threads included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bundleCli } from '../../scripts/bundle-cli';
import { archiveArticle, contentFolder } from './load-fixtures';

const repo = path.resolve(import.meta.dirname, '..', '..');
const DEV_ONLY = new Set(['tsx', 'esbuild', '@esbuild', '.bin']);
const articles: Record<string, string> = {};
for (let i = 0; i < 220; i++) articles[`kb/${String(900500 + i)}.md`] = archiveArticle({ id: `Q${900500 + i}`, title: `Article ${i}` });
const content = contentFolder(articles);
const pkg = `${content}-pkg`;
after(() => { for (const d of [content, pkg]) rmSync(d, { recursive: true, force: true }); });

before(async () => {
  await bundleCli(path.join(pkg, 'dist'));
  copyFileSync(path.join(repo, 'package.json'), path.join(pkg, 'package.json'));
  mkdirSync(path.join(pkg, 'bin'));
  copyFileSync(path.join(repo, 'bin', 'kb.mjs'), path.join(pkg, 'bin', 'kb.mjs'));
  mkdirSync(path.join(pkg, 'node_modules'));
  for (const name of readdirSync(path.join(repo, 'node_modules'))) {
    if (!DEV_ONLY.has(name)) symlinkSync(path.join(repo, 'node_modules', name), path.join(pkg, 'node_modules', name));
  }
});

function kb(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'kb.mjs'), ...args], { cwd: pkg, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('bin/kb.mjs without tsx or esbuild runs the bundle: parse one file', () => {
  const r = kb('parse', path.join(content, 'kb', '900500.md'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const record = JSON.parse(r.stdout.trim()) as { id: string; title: string };
  assert.deepEqual([record.id, record.title], ['Q900500', 'Article 0']);
});

test('check of 220 files on the worker threads (the prebuilt worker bundle)', () => {
  const r = kb('check', content);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^220 files in, 220 pages out, 0 skipped, 0 errors, 0 warnings \(.*, [1-9]\d* worker threads\)$/m);
});
