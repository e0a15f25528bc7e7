/**
 * The Jekyll/Hugo bench's pure helpers (bench/ssg-pages.ts): they need neither generator installed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { checkPages, pageFilesOf, permalinkOf, runIsValid, toHugoPage, type Article } from '../../bench/ssg-pages';

const ARCHIVE_STYLE = [
  '---',
  'layout: page',
  'title: "Q155738: Error 10038 (WSAENOTSOCK) &quot;quoted&quot;"',
  'permalink: /kb/155/Q155738/',
  '---',
  '',
  '## Q155738: Error 10038',
  '',
  '{% raw %}',
  '',
  '\tArticle: Q155738',
  '\tUses {{ liquid }} and {% if %} text',
  '',
  '{% endraw %}',
  '',
].join('\n');

function frontMatter(page: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(page);
  assert.ok(match, 'the page starts with a front matter block');
  return load(match[1] as string) as Record<string, unknown>;
}

test('toHugoPage maps permalink to url and keeps the other fields as they were', () => {
  const page = toHugoPage(ARCHIVE_STYLE);
  assert.deepEqual(frontMatter(page), {
    layout: 'page',
    title: 'Q155738: Error 10038 (WSAENOTSOCK) &quot;quoted&quot;',
    permalink: '/kb/155/Q155738/',
    url: '/kb/155/Q155738/',
  });
});

test('toHugoPage removes the Liquid raw tags and nothing else of the body', () => {
  const page = toHugoPage(ARCHIVE_STYLE);
  assert.doesNotMatch(page, /\{%-?\s*(end)?raw/);
  const body = page.slice(page.indexOf('\n---\n') + 5);
  assert.equal(body, '\n## Q155738: Error 10038\n\n\n\n\tArticle: Q155738\n\tUses {{ liquid }} and {% if %} text\n\n\n');
});

test('toHugoPage adds a leading slash to the older variant\'s permalink and replaces an existing url', () => {
  const page = toHugoPage('---\ntitle: Old\npermalink: kb/155/Q155738/\nurl: /elsewhere/\n---\n{%- raw -%}body{%endraw%}\n');
  assert.equal(frontMatter(page).url, '/kb/155/Q155738/');
  assert.equal(page.match(/^url:/gm)?.length, 1);
  assert.ok(page.endsWith('---\nbody\n'));
});

test('toHugoPage leaves a file without front matter as its body, and CRLF files read as LF', () => {
  assert.equal(toHugoPage('{% raw %}\nplain text\n{% endraw %}\n'), '\nplain text\n\n');
  assert.equal(frontMatter(toHugoPage('---\r\ntitle: T\r\npermalink: /a/b/\r\n---\r\nx\r\n')).url, '/a/b/');
});

test('permalinkOf reads the front matter; pageFilesOf names the files a generator writes for it', () => {
  assert.equal(permalinkOf(ARCHIVE_STYLE), '/kb/155/Q155738/');
  assert.equal(permalinkOf('---\ntitle: no permalink\n---\nbody\n'), null);
  assert.equal(permalinkOf('no front matter'), null);
  assert.deepEqual(pageFilesOf('/kb/155/Q155738/'), ['kb/155/Q155738/index.html']);
  assert.deepEqual(pageFilesOf('/kb/155/Q155738'), ['kb/155/Q155738.html', 'kb/155/Q155738/index.html']);
  assert.deepEqual(pageFilesOf('/a/page.html'), ['a/page.html']);
  assert.deepEqual(pageFilesOf('/kb/%51/'), ['kb/Q/index.html']);
  assert.deepEqual(pageFilesOf('/kb/100%/'), ['kb/100%/index.html']);
});

test('checkPages finds each page at its permalink and counts what a broken configuration loses', (t) => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'kb-ssg-check-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const write = (rel: string, bytes: number): void => {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), 'x'.repeat(bytes));
  };
  const articles: Article[] = [
    { source: '155/Q155738/README.md', permalink: '/kb/155/Q155738/', bytes: 1000 },
    { source: '155/Q155739/README.md', permalink: '/kb/155/Q155739/', bytes: 1000 },
    { source: 'old/README.md', permalink: '/kb/old', bytes: 100 },
  ];
  write('kb/155/Q155738/index.html', 1200);
  write('155/q155739/readme/index.html', 1200); // Hugo's own path: the url mapping missing
  write('kb/old.html', 30); // Jekyll's name for a permalink without a slash; less than half the source
  write('index.html', 10);
  const check = checkPages(out, articles);
  assert.deepEqual(check, { found: 2, expected: 3, thin: 1, htmlFiles: 4, missingExamples: ['/kb/155/Q155739/ (155/Q155739/README.md)'] });
  assert.equal(runIsValid(0, check), false, 'a run missing a page is not valid');

  write('kb/155/Q155739/index.html', 1200);
  const fixed = checkPages(out, articles);
  assert.equal(fixed.found, 3);
  assert.equal(runIsValid(0, fixed), true);
  assert.equal(runIsValid(1, fixed), false, 'a failed run is not valid even with every page there');
  assert.deepEqual(checkPages(path.join(out, 'missing'), articles).found, 0);
});
