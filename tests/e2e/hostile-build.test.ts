/**
 * The whole build on hostile content (tests/hostile/content plus what is made at test time: symlink
 * loops and links out of the folder, a 6 MB file, 100 KB bodies of nested emphasis, brackets and list
 * markers): exit 0 within 60 s of CPU, every good article exactly once, every bad file named in
 * .kb/report.json by its path relative to the content folder (a link by its own path), and every URL
 * of the sitemap answering 200 from out/. out/ and public/_kb/ are put back as they were.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, ftruncateSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../scripts/serve';

const root = path.resolve(import.meta.dirname, '..', '..');
const box = mkdtempSync(path.join(tmpdir(), 'kb-hostile-'));
const content = path.join(box, 'content');
const outside = path.join(box, 'outside');
const work = path.join(box, 'work');
const builtOut = path.join(box, 'out');

/** Articles that must become pages, by ID, with their permalinks. */
const GOOD: Record<string, string> = {
  Q900101: '/kb/900/Q900101/', Q900102: '/kb/900/Q900102/', 'HOSTILE-AB': '/hostile/AB/', 'HOSTILE-SCRIPT': '/kb/HOSTILE-SCRIPT/',
  'HOSTILE-LONG': `/hostile/${'a'.repeat(200)}/`, constructor: '/kb/constructor/', toString: '/kb/toString/',
  hasOwnProperty: '/kb/hasOwnProperty/', valueOf: '/kb/valueOf/',
  'HOSTILE-EMPHASIS': '/kb/HOSTILE-EMPHASIS/', 'HOSTILE-BRACKETS': '/kb/HOSTILE-BRACKETS/', 'HOSTILE-LISTS': '/kb/HOSTILE-LISTS/',
};

/** Paths (relative, with `/`) the report must name as skipped, and those it must warn about. */
const SKIPPED = [
  ...readdirSync(path.join(root, 'tests', 'hostile', 'content', 'permalinks')).map((f) => `permalinks/${f}`),
  'other/empty.md', 'other/coffee.md', 'other/duplicate.md', 'huge/huge.md',
  'up', 'other/up2', 'passwd.md', 'etc', 'other/outside-dir', 'other/outside.md',
].sort();
const WARNED = ['good/loop', 'alias.md'];

function article(id: string, body: string): string {
  return `---\nid: ${id}\ntitle: "${id}"\n---\n## Symptoms\n\n${body}\n`;
}
function fill(size: number, unit: string): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function makeContent(): void {
  cpSync(path.join(root, 'tests', 'hostile', 'content'), content, { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'Q900199.md'), article('Q900199', 'Outside the content folder: never read.'));
  mkdirSync(path.join(content, 'heavy'));
  writeFileSync(path.join(content, 'heavy', 'emphasis.md'), article('HOSTILE-EMPHASIS', fill(50 * 1024, '*a ') + fill(50 * 1024, ' a*')));
  writeFileSync(path.join(content, 'heavy', 'brackets.md'), article('HOSTILE-BRACKETS', fill(50 * 1024, '[') + 'a' + fill(50 * 1024, ']')));
  writeFileSync(path.join(content, 'heavy', 'lists.md'), article('HOSTILE-LISTS', fill(100 * 1024, '- ')));
  mkdirSync(path.join(content, 'huge'));
  const fd = openSync(path.join(content, 'huge', 'huge.md'), 'w');
  ftruncateSync(fd, 6 * 1024 * 1024); // sparse: 6 MB on paper, nothing to write
  closeSync(fd);
  symlinkSync('..', path.join(content, 'good', 'loop'));                 // a loop: every file would appear again
  symlinkSync('..', path.join(content, 'up'));                           // the folder above content
  symlinkSync('../..', path.join(content, 'other', 'up2'));
  symlinkSync('/etc/passwd', path.join(content, 'passwd.md'));
  symlinkSync('/etc', path.join(content, 'etc'));
  symlinkSync(outside, path.join(content, 'other', 'outside-dir'));
  symlinkSync(path.join(outside, 'Q900199.md'), path.join(content, 'other', 'outside.md'));
  symlinkSync('good/Q900101.md', path.join(content, 'alias.md'));        // a second path to a good file
}

/** Runs the build; CPU time of the whole process tree from bash's `times` (children's user + sys). */
function build(): { status: number | null; cpuSeconds: number; wallSeconds: number; stderr: string } {
  const started = performance.now();
  const r = spawnSync('bash', ['-c', 'node --import tsx scripts/build.ts; s=$?; times >&2; exit $s'], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KB_CONTENT_DIR: content, KB_STORE_DIR: path.join(work, 'store'), KB_CACHE_DIR: path.join(work, 'cache'), KB_STRICT: '' },
  });
  const times = [...r.stderr.matchAll(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/g)].pop();
  const cpuSeconds = times ? Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]) : NaN;
  return { status: r.status, cpuSeconds, wallSeconds: (performance.now() - started) / 1000, stderr: r.stderr };
}

interface Report { files: number; articles: number; skipped: { file: string; reasons: string[] }[]; errors: { file: string; code: string }[]; warnings: { file: string; code: string }[] }

let result: ReturnType<typeof build>;
let report: Report;
let site: { articles: { id: string; permalink: string }[] };

before(() => {
  makeContent();
  const saved = [path.join(root, 'out'), path.join(root, 'public', '_kb')].map((dir) => ({ dir, keep: `${dir}.before-hostile-test` }));
  for (const s of saved) if (existsSync(s.dir)) renameSync(s.dir, s.keep);
  try {
    result = build();
    if (existsSync(path.join(root, 'out'))) renameSync(path.join(root, 'out'), builtOut);
  } finally {
    for (const s of saved) {
      rmSync(s.dir, { recursive: true, force: true });
      if (existsSync(s.keep)) renameSync(s.keep, s.dir);
    }
  }
  if (result.status === 0) {
    report = JSON.parse(readFileSync(path.join(work, 'report.json'), 'utf8')) as Report;
    site = JSON.parse(readFileSync(path.join(work, 'store', 'site.json'), 'utf8')) as typeof site;
  }
});
after(() => rmSync(box, { recursive: true, force: true }));

describe('hostile content folder', () => {
  test('builds with exit 0 within 60 s of CPU', () => {
    assert.equal(result.status, 0, result.stderr.slice(-4000));
    assert.ok(result.cpuSeconds < 60, `${result.cpuSeconds.toFixed(1)} s of CPU (${result.wallSeconds.toFixed(1)} s wall)`);
  });

  test('every good article is a page, exactly once', () => {
    assert.deepEqual(site.articles.map((a) => a.id).sort(), Object.keys(GOOD).sort());
    for (const [id, permalink] of Object.entries(GOOD)) {
      assert.equal(site.articles.find((a) => a.id === id)?.permalink, permalink, id);
      assert.ok(existsSync(path.join(builtOut, permalink, 'index.html')), `out${permalink}index.html`);
    }
    assert.ok(!existsSync(path.join(builtOut, 'kb', '900', 'Q900199')), 'nothing from outside the content folder');
  });

  test('every bad file is named in the report by its own relative path', () => {
    assert.deepEqual(report.skipped.map((s) => s.file).sort(), SKIPPED);
    const warned = new Set(report.warnings.map((w) => w.file));
    for (const file of WARNED) assert.ok(warned.has(file), `${file} warned about`);
    assert.equal(report.files, report.articles + report.skipped.length);
    const byFile = new Map(report.skipped.map((s) => [s.file, s.reasons.join(' ')]));
    assert.match(byFile.get('huge/huge.md') ?? '', /^file-too-large: /);
    assert.match(byFile.get('etc') ?? '', /^symlink-outside: /);
    assert.match(byFile.get('permalinks/index-html.md') ?? '', /^permalink-unsafe: /);
    for (const heavy of ['heavy/emphasis.md', 'heavy/brackets.md', 'heavy/lists.md']) {
      assert.ok(report.warnings.some((w) => w.file === heavy && w.code === 'markdown-fallback'), `${heavy}: plain text, with a warning`);
    }
  });

  test('every URL in the sitemap answers 200 from out/', async () => {
    const server = await startServer(builtOut, 0, '');
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const sitemaps = readdirSync(builtOut).filter((f) => /^sitemap(-\d+)?\.xml$/.test(f));
      const urls = sitemaps.flatMap((f) => [...readFileSync(path.join(builtOut, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string));
      const pages = urls.filter((u) => !/sitemap(-\d+)?\.xml$/.test(u));
      assert.ok(pages.length >= Object.keys(GOOD).length, `${pages.length} URLs`);
      for (const url of pages) {
        const { pathname } = new URL(url.replace(/&amp;/g, '&'));
        const r = await fetch(origin + pathname, { redirect: 'manual' });
        assert.equal(r.status, 200, pathname);
      }
    } finally {
      server.close();
    }
  });
});
