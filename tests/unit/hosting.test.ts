/**
 * Hosting pieces that need no browser: alias parsing and the alias map, the service worker's routing,
 * the offline manifest, and the file:// rewriting of pages.
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildAliasData } from '../../lib/hosting/alias-data';
import { defaultArticlePath, hasBit, parseAliasPath, resolveAlias, stripBase } from '../../lib/hosting/alias-path';
import { buildOfflineManifest, offlinePathFor } from '../../lib/hosting/offline-manifest';
import { copyForFileProtocol } from '../../lib/hosting/offline-copy';
import { relativizeCss, relativizeHtml, relativizeUrl, rootPrefix, wrapJsonForFile } from '../../lib/hosting/relativize';
import { strategyFor } from '../../lib/hosting/sw-routes';

const articles = [
  { id: 'Q155738', number: 155738, permalink: '/kb/155/Q155738/' },
  { id: 'Q54110', number: 54110, permalink: '/kb/054/Q54110/' },
  { id: 'KB3195842', number: 3195842, permalink: '/kb/319/KB3195842/' },
  { id: 'Q99', number: 99, permalink: '/articles/moved-article/' },
  { id: 'setup-dialog', number: null, permalink: '/articles/setup-dialog/' },
  { id: 'Q155738', number: 155738, permalink: '/kb/155/duplicate/' },
];
const data = buildAliasData(articles);

test('every hand-typed form of an article number reaches the permalink', () => {
  for (const typed of ['/kb/Q155738/', '/Q155738/', '/kb/155738/', '/q155738', '/KB155738', '/kb/155/Q155738', '/kb/155/155738/', '/Q0155738/index.html', '/q155738%20']) {
    assert.equal(resolveAlias(parseAliasPath(typed), data), '/kb/155/Q155738/', typed);
  }
  assert.equal(resolveAlias(parseAliasPath('/q54110/'), data), '/kb/054/Q54110/');
  assert.equal(resolveAlias(parseAliasPath('/KB3195842'), data), '/kb/319/KB3195842/', 'exceptions carry numbers that break the scheme');
  assert.equal(resolveAlias(parseAliasPath('/q99'), data), '/articles/moved-article/');
  assert.equal(resolveAlias(parseAliasPath('/Setup-Dialog/'), data), '/articles/setup-dialog/', 'ids without a number');
});

test('paths that name no article resolve to nothing and keep what was typed for the search', () => {
  for (const typed of ['/kb/Q155739/', '/q1', '/windows/Q155738/', '/kb/12/Q155738/', '/', '/hello']) {
    assert.equal(resolveAlias(parseAliasPath(typed), data), null, typed);
  }
  assert.equal(parseAliasPath('/kb/Q155739/').query, 'Q155739');
  assert.equal(parseAliasPath('/winsock-error_10038/').query, 'winsock error 10038');
  assert.equal(parseAliasPath('/%3Cimg%20src=x%3E/').query, '<img src=x>', 'decoded text: the page sets it with textContent');
  assert.equal(parseAliasPath('/%E0%A4%A/').query, '%E0%A4%A', 'a broken escape stays as typed');
});

test('the alias bitset holds exactly the numbers on the default scheme', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 400_000 }), { maxLength: 300 }), fc.integer({ min: 1, max: 400_100 }), (numbers, probe) => {
      const map = buildAliasData(numbers.map((n) => ({ id: `Q${n}`, number: n, permalink: defaultArticlePath(n) })));
      assert.equal(Object.keys(map.exceptions).length, 0);
      for (const n of numbers) assert.ok(hasBit(map.bits, n), `bit ${n}`);
      assert.equal(hasBit(map.bits, probe), numbers.includes(probe));
    }),
  );
});

test('the first article with a number wins; the map stays small', () => {
  assert.equal(resolveAlias(parseAliasPath('/q155738'), data), '/kb/155/Q155738/');
  assert.deepEqual(data.exceptions, { '3195842': '/kb/319/KB3195842/', '99': '/articles/moved-article/' });
  assert.ok(data.bits.length < 155738 / 8 * 1.4 + 8, 'about one bit per number, base64');
});

test('defaultArticlePath and stripBase', () => {
  assert.equal(defaultArticlePath(10022), '/kb/010/Q10022/');
  assert.equal(defaultArticlePath(155738), '/kb/155/Q155738/');
  assert.equal(stripBase('/kbarchive/q155738', '/kbarchive'), '/q155738');
  assert.equal(stripBase('/kbarchive', '/kbarchive'), '/');
  assert.equal(stripBase('/kbarchivex/q1', '/kbarchive'), null);
  assert.equal(stripBase('/q1', ''), '/q1');
});

test('service worker routing: pages, hashed assets, index files, bypass', () => {
  const scope = new URL('https://h.example/kbarchive/');
  const s = (p: string, nav = false) => strategyFor(new URL(p, scope), scope, nav);
  assert.equal(s('/kbarchive/kb/155/Q155738/'), 'page');
  assert.equal(s('/kbarchive/search/?q=1', true), 'page');
  assert.equal(s('/kbarchive/_next/static/chunks/a1b2.js'), 'cache-first');
  assert.equal(s('/kbarchive/_kb/search/terms/0.json'), 'cache-first');
  assert.equal(s('/kbarchive/assets/kb.css'), 'network-first');
  assert.equal(s('/kbarchive/sw.js'), 'bypass');
  assert.equal(s('/kbarchive/_kb/offline-manifest.json'), 'bypass');
  assert.equal(s('/elsewhere/page/'), 'bypass');
  assert.equal(s('https://cdn.example/kbarchive/x.js'), 'bypass');
});

test('offline manifest: pages by directory URL, assets and index files, no crawler files or RSC payloads', () => {
  assert.equal(offlinePathFor('index.html'), '/');
  assert.equal(offlinePathFor('kb/155/Q155738/index.html'), '/kb/155/Q155738/');
  assert.equal(offlinePathFor('404.html'), '/404.html');
  assert.equal(offlinePathFor('_kb/search/terms/0.json'), '/_kb/search/terms/0.json');
  for (const f of ['sw.js', 'sitemap.xml', 'sitemap-2.xml', 'robots.txt', 'opensearch.xml', 'index.txt', 'search/__next._tree.txt']) {
    assert.equal(offlinePathFor(f), null, f);
  }
  const m = buildOfflineManifest([{ file: 'index.html', size: 10 }, { file: 'sw.js', size: 5 }, { file: 'assets/kb.js', size: 7 }], 'abc');
  assert.deepEqual(m, { version: 'abc', cache: 'kb-abc', files: ['/', '/assets/kb.js'], bytes: 17 });
});

test('file:// rewriting: relative URLs per depth, index.html explicit, base path removed', () => {
  assert.equal(rootPrefix('index.html'), './');
  assert.equal(rootPrefix('kb/155/Q155738/index.html'), '../../../');
  const page = 'kb/155/Q155738/index.html';
  assert.equal(relativizeUrl('/kbarchive/kb/054/Q54110/', page, '/kbarchive'), '../../../kb/054/Q54110/index.html');
  assert.equal(relativizeUrl('/kbarchive/search/?q=a#r', page, '/kbarchive'), '../../../search/index.html?q=a#r');
  assert.equal(relativizeUrl('/kbarchive', 'index.html', '/kbarchive'), './index.html');
  assert.equal(relativizeUrl('/other/x.js', page, '/kbarchive'), '/other/x.js', 'outside the base: untouched');
  assert.equal(relativizeUrl('https://h/x/', page, ''), 'https://h/x/');
  assert.equal(relativizeUrl('#symptoms', page, ''), '#symptoms');
  assert.equal(relativizeUrl('/assets/kb.css', 'index.html', ''), './assets/kb.css');
});

test('relativizeHtml rewrites attributes and the base meta, drops Next runtime and module preloads, keeps text and our scripts', () => {
  const html = [
    '<html><head><meta name="kb-base-path" content="/kb2">',
    '<link rel="canonical" href="https://h/kb2/kb/155/Q155738/">',
    '<link rel="stylesheet" href="/kb2/assets/kb.css"><link rel="modulepreload" href="/kb2/assets/search-0123456789.js"><script src="/kb2/assets/kb.js" defer></script>',
    '<link rel="preload" as="script" href="/kb2/_next/static/chunks/a.js"><script src="/kb2/_next/static/chunks/a.js" async=""></script>',
    '<script>try{document.documentElement.dataset.x=1}catch(e){}</script>',
    '<script>(self.__next_f=self.__next_f||[]).push([0])</script></head>',
    '<body><a title="a > b" href="/kb2/">Home</a><p>An ASP page says &#x3C;A HREF="/kb2/default.asp"> in text</p><form action="/kb2/search/"></form></body></html>',
  ].join('');
  const out = relativizeHtml(html, 'product/x/index.html', '/kb2');
  assert.match(out, /<meta name="kb-base-path" content="">/, 'the file:// shim resolves site paths');
  assert.match(out, /^<html><head><script src="..\/..\/assets\/file-shim.js"><\/script>/, 'the shim loads first');
  assert.match(out, /href="https:\/\/h\/kb2\/kb\/155\/Q155738\/"/, 'absolute canonical untouched');
  assert.match(out, /href="..\/..\/assets\/kb.css"/);
  assert.match(out, /<script src="..\/..\/assets\/kb.js" defer><\/script>/);
  assert.match(out, /<a title="a > b" href="..\/..\/index.html">Home<\/a>/, 'a quoted > does not end the tag');
  assert.match(out, /&#x3C;A HREF="\/kb2\/default.asp"> in text/, 'article text is never rewritten');
  assert.match(out, /action="..\/..\/search\/index.html"/);
  assert.match(out, /dataset\.x=1/, 'other inline scripts stay');
  assert.doesNotMatch(out, /_next|__next_f/);
  assert.doesNotMatch(out, /modulepreload/, 'file:// refuses modules: no preload of one');
  assert.equal(relativizeCss('a{background:url(/kb2/assets/i.svg)} b{background:url("/kb2/x.png")}', 'assets/kb.css', '/kb2'),
    'a{background:url(../assets/i.svg)} b{background:url("../x.png")}');
});

test('index files become X.json.js calls to window.__kbLoad', () => {
  const calls: Array<[string, unknown]> = [];
  const window = { __kbLoad: (name: string, value: unknown) => calls.push([name, value]) };
  new Function('window', wrapJsonForFile('terms/0.json', '{"a":["</script>","\u2028"]}\n'))(window);
  assert.deepEqual(calls, [['terms/0.json', { a: ['</script>', '\u2028'] }]]);
});

test('copyForFileProtocol writes a rewritten copy and wrapped index files', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'kb-offline-'));
  const out = path.join(dir, 'out');
  await mkdir(path.join(out, 'kb', '155', 'Q155738'), { recursive: true });
  await mkdir(path.join(out, '_kb', 'search', 'terms'), { recursive: true });
  await writeFile(path.join(out, 'index.html'), '<a href="/kb/155/Q155738/">a</a>');
  await writeFile(path.join(out, 'kb', '155', 'Q155738', 'index.html'), '<a href="/">home</a>');
  await writeFile(path.join(out, '_kb', 'search', 'terms', '0.json'), '{"t":1}');
  await writeFile(path.join(out, 'sw.js'), '//');
  const stats = await copyForFileProtocol(out, path.join(dir, 'offline'), '');
  assert.equal(stats.pages, 2);
  assert.ok(existsSync(path.join(dir, 'offline', 'assets', 'file-shim.js')));
  assert.equal(stats.wrapped, 1);
  assert.equal(await readFile(path.join(dir, 'offline', 'index.html'), 'utf8'), '<a href="./kb/155/Q155738/index.html">a</a>');
  assert.equal(await readFile(path.join(dir, 'offline', 'kb', '155', 'Q155738', 'index.html'), 'utf8'), '<a href="../../../index.html">home</a>');
  assert.equal(await readFile(path.join(dir, 'offline', '_kb', 'search', 'terms', '0.json.js'), 'utf8'), 'window.__kbLoad("terms/0.json",{"t":1});\n');
  assert.ok(!existsSync(path.join(dir, 'offline', 'sw.js')), 'the service worker is useless from disk');
  await assert.rejects(copyForFileProtocol(out, out, ''), /is the export itself/);
});

for (const title of ['Title with <script>self.__next_f', 'Title with <script>self.__next_f.push([1,"x"])</script> and </title>']) test(`relativizeHtml: article text that looks like markup steers nothing (${title})`, () => {
  const attrText = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const html = [
    `<html><head><meta name="description" content="${attrText}"><meta name="kb-base-path" content="">`,
    '<script>try{document.documentElement.dataset.theme="x"}catch(e){}</script>',
    `<script type="application/ld+json">{"headline":"self.__next_f ${title.replace(/</g, '\\u003c')}"}</script>`,
    '<script src="/assets/kb.js" defer></script></head>',
    `<body><h1>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</h1><a href="/kb/1/">x</a></body></html>`,
  ].join('');
  const out = relativizeHtml(html, 'kb/900/Q900001/index.html', '');
  assert.match(out, /dataset\.theme="x"/, 'the theme script stays');
  assert.match(out, /<script type="application\/ld\+json">\{"headline":"self.__next_f /, 'JSON-LD stays, even saying self.__next_f');
  assert.match(out, /<script src="..\/..\/..\/assets\/kb.js" defer><\/script>/, 'the kb.js tag stays, rewritten');
  assert.ok(out.includes(`content="${attrText}"`), 'the description attribute is untouched');
  assert.match(out, /href="..\/..\/..\/kb\/1\/index.html"/);
});
