/** The link checker on small hand-made exports: what resolves, what is reported, base paths, relative links. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkLinks, extractUrls, targetOf } from '../../scripts/check-links';

async function site(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kb-links-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

test('extractUrls takes tag attributes only, skips external URLs, fragments, script bodies and text', () => {
  const html = [
    '<a href="/a/">a</a><img src=\'/i.png\' srcset="/i1.png 1x, /i2.png 2x">',
    '<a href="https://x.org/">x</a><a href="//cdn/x">c</a><a href="#top">t</a><a href="mailto:a@b">m</a>',
    '<script>var s = \' href="/not-a-link/"\';</script><!-- <a href="/commented/"> -->',
    '<p>The article says &#x3C;A HREF="/default.asp"> here</p><a title="1 > 0" href="rel/x.html?y=1&amp;z=2">r</a>',
  ].join('');
  assert.deepEqual(extractUrls(html), ['/a/', '/i.png', '/i1.png', '/i2.png', 'rel/x.html?y=1&z=2']);
});

test('targetOf maps URLs to files, with and without a base path', () => {
  assert.deepEqual(targetOf('/kb/155/Q155738/', 'index.html', ''), { file: 'kb/155/Q155738/index.html' });
  assert.deepEqual(targetOf('/kbarchive/assets/kb.css?v=1', 'x/index.html', '/kbarchive'), { file: 'assets/kb.css' });
  assert.deepEqual(targetOf('/kbarchive', 'x/index.html', '/kbarchive'), { file: 'index.html' });
  assert.deepEqual(targetOf('/assets/kb.css', 'x/index.html', '/kbarchive'), { reason: 'outside the base path /kbarchive' });
  assert.deepEqual(targetOf('../../index.html', 'kb/155/index.html', ''), { file: 'index.html' });
  assert.deepEqual(targetOf('../../../../x', 'kb/155/index.html', ''), { reason: 'leaves the site' });
  assert.deepEqual(targetOf('../x', 'index.html', ''), { reason: 'leaves the site' });
  assert.deepEqual(targetOf('x/', 'index.html', ''), { file: 'x/index.html' });
  assert.deepEqual(targetOf('/a%20b/', 'index.html', ''), { file: 'a b/index.html' });
});

test('checkLinks reports exactly the links that name no file', async () => {
  const dir = await site({
    'index.html': '<a href="/kb/1/">ok</a><a href="/kb/2/">missing</a><a href="/kb/1">dir without slash</a><link href="/assets/kb.css">',
    'kb/1/index.html': '<a href="../../index.html">up</a><a href="../../nope.html">bad</a><script src="/assets/kb.js"></script>',
    'assets/kb.css': 'a{}',
  });
  const report = await checkLinks(dir);
  assert.equal(report.pages, 2);
  assert.equal(report.links, 7);
  assert.deepEqual(report.broken.map((b) => `${b.file} ${b.url} ${b.reason}`), [
    'index.html /kb/2/ no file kb/2/index.html',
    'kb/1/index.html ../../nope.html no file nope.html',
    'kb/1/index.html /assets/kb.js no file assets/kb.js',
  ]);
});

test('checkLinks honours the base path: unprefixed links are broken', async () => {
  const dir = await site({ 'index.html': '<a href="/kbarchive/a/">a</a><a href="/a/">no base</a>', 'a/index.html': '' });
  const report = await checkLinks(dir, { basePath: 'kbarchive/' });
  assert.deepEqual(report.broken.map((b) => b.url), ['/a/']);
});
