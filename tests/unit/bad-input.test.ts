/**
 * Issue 7 §3: what each kind of bad input gets from the parser. Exact codes and real lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArticle } from '../../lib/parse/parse-article';

const BODY = ['\tArticle: Q123001', '\tProduct(s): Sample Product', '\tLast Modified: 01-JAN-2001', '\t', '\tSYMPTOMS', '\t========', '\t', '\tThe sample program stops with error 32.', ''].join('\n');
const clean = `---\nlayout: page\ntitle: "Q123001: Sample Title"\npermalink: /kb/123/Q123001/\n---\n\n${BODY}`;
const codes = (r: ReturnType<typeof parseArticle>) => r.problems.map((p) => [p.code, p.line, p.severity]);

test('malformed YAML: error at the real line of the file, body kept', () => {
  const r = parseArticle(`---\nlayout: page\ntitle: [unclosed\npermalink: /kb/123/Q123001/\n---\n${BODY}`, 'a.md');
  assert.deepEqual(codes(r).filter((c) => c[0] === 'yaml-syntax'), [['yaml-syntax', 4, 'error']]);
  assert.equal(r.problems[0]?.file, 'a.md');
  assert.equal(r.record?.id, 'Q123001');
  assert.match(r.record?.sections[0]?.text ?? '', /error 32/);
});

test('unclosed front matter: error, and the body is not swallowed', () => {
  const r = parseArticle(`---\ntitle: "Q123001: Sample Title"\n\n${BODY}`, 'a.md');
  assert.deepEqual(codes(r)[0], ['front-matter-unclosed', 1, 'error']);
  assert.ok(r.record);
  assert.match(r.record.sections.map((s) => s.text).join(' '), /error 32/);
});

for (const lang of ['js', 'javascript', 'coffee', 'toml']) {
  test(`front matter in ${lang}: refused and never run`, () => {
    const marker = `__kbRan_${lang}`;
    const r = parseArticle(`---${lang}\n{ title: (globalThis.${marker} = "ran") }\n---\n${BODY}`, 'a.md');
    assert.equal(r.record, null);
    assert.deepEqual(codes(r), [['front-matter-language', 1, 'error']]);
    assert.equal((globalThis as Record<string, unknown>)[marker], undefined);
  });
}

test('__proto__ keys do not pollute any prototype', () => {
  const r = parseArticle(`---\n__proto__:\n  polluted: yes\ntitle: "Q123001: Sample Title"\nconstructor: {prototype: {polluted: yes}}\n---\n${BODY}`, 'a.md');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  assert.equal(r.record?.title, 'Sample Title');
});

test('YAML alias bomb: refused with yaml-aliases', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const r = parseArticle(`---\n${levels.join('\n')}\n---\n${BODY}`, 'a.md');
  assert.equal(codes(r)[0]?.[0], 'yaml-aliases');
  assert.equal(r.record?.id, 'Q123001'); // the article is still read from its body
});

test('invalid UTF-8: kept, U+FFFD shown, warning names the line', () => {
  const bytes = Buffer.concat([Buffer.from(clean.replace('error 32', 'error 32 XX')).subarray(0, clean.indexOf('error 32') + 9), Buffer.from([0xff, 0xfe]), Buffer.from(clean.slice(clean.indexOf('error 32') + 9))]);
  const r = parseArticle(bytes, 'a.md');
  assert.deepEqual(codes(r), [['invalid-utf8', 14, 'warning']]);
  assert.match(r.record?.sections[0]?.text ?? '', /\uFFFD/);
});

test('BOM and CRLF files parse exactly like clean ones', () => {
  const a = parseArticle(clean, 'a.md');
  assert.deepEqual(parseArticle(`\uFEFF${clean.replace(/\n/g, '\r\n')}`, 'a.md'), a);
  assert.deepEqual(parseArticle(Buffer.from(`\uFEFF${clean.replace(/\n/g, '\r')}`), 'a.md'), a);
});

test('NUL and control characters are removed, with a warning', () => {
  const r = parseArticle(clean.replace('error 32', 'err\u0000or\u001b 32'), 'a.md');
  assert.deepEqual(codes(r), [['control-chars', 14, 'warning']]);
  assert.match(r.record?.sections[0]?.text ?? '', /error 32/);
});

test('an empty file is reported and gives no page', () => {
  for (const input of ['', '  \n\n', new Uint8Array()]) {
    const r = parseArticle(input, 'e.md');
    assert.equal(r.record, null);
    assert.deepEqual(codes(r), [['empty-file', 1, 'error']]);
  }
});

test('front matter only: no id, no page', () => {
  const r = parseArticle('---\nlayout: page\n---\n', 'a.md');
  assert.equal(r.record, null);
  assert.deepEqual(codes(r).map((c) => c[0]), ['no-title', 'no-id']);
});

test('no title: taken from the body heading, with a warning', () => {
  const r = parseArticle(`---\nlayout: page\npermalink: /kb/123/Q123001/\n---\n\n## Q123001: Title From Heading\n\n${BODY}`, 'a.md');
  assert.equal(r.record?.title, 'Title From Heading');
  assert.deepEqual(codes(r), [['no-title', 2, 'warning']]);
});

test('no title and no heading: the Article: line gives the title', () => {
  const r = parseArticle(`---\nlayout: page\n---\n${BODY}`, 'a.md');
  assert.equal(r.record?.title, 'Q123001');
  assert.equal(r.record?.permalink, '/kb/123/Q123001/');
  assert.equal(codes(r)[0]?.[0], 'no-title');
});

for (const bad of ['../../etc/passwd', '/kb/../../x/', 'https://evil.example/', '//evil.example/x/', 'javascript:alert(1)', 'kb\\155\\Q1\\', '/kb/%2e%2e/x/', '/search/x/', '/_next/x/', 'ASSETS/x', '/', '/kb/C%2B%2B/']) {
  test(`permalink ${JSON.stringify(bad)} is refused`, () => {
    const r = parseArticle(`---\ntitle: "Q123001: T"\npermalink: '${bad}'\n---\n${BODY}`, 'a.md');
    assert.equal(r.record, null);
    assert.deepEqual(codes(r), [['permalink-unsafe', 3, 'error']]);
  });
}

test('odd but legal permalinks are normalized to leading and trailing slashes', () => {
  for (const [raw, want] of [['kb/155/Q155738', '/kb/155/Q155738/'], ['/a//b', '/a/b/'], ['/kb/%41%42/', '/kb/AB/']]) {
    assert.equal(parseArticle(`---\ntitle: T\npermalink: "${raw}"\n---\n${BODY}`, 'a.md').record?.permalink, want);
  }
});

test('markup and template text in titles and bodies stay text; entities decoded once', () => {
  const r = parseArticle(`---\ntitle: "Q123001: <script>alert(1)</script> &amp;lt;b&amp;gt; &lt;/title&gt;"\n---\n${BODY.replace('error 32.', 'error 32. <img src=x onerror=alert(1)> {{ x }} {% endraw %}')}`, 'a.md');
  assert.equal(r.record?.title, '<script>alert(1)</script> &lt;b&gt; </title>');
  assert.match(r.record?.sections[0]?.text ?? '', /<img src=x onerror=alert\(1\)> \{\{ x \}\} \{% endraw %\}/);
});

test('a 5 MB article is parsed completely', () => {
  const para = '\tThe service stops with error 1214 when the name is too long for the network.\n';
  const count = Math.ceil((5 * 1024 * 1024) / (para.length + 2));
  const big = clean + (para + '\t\n').repeat(count);
  const r = parseArticle(big, 'big.md');
  assert.ok(big.length >= 5 * 1024 * 1024);
  assert.ok(r.record);
  // the first repeat continues the SYMPTOMS paragraph (no blank line between), then one paragraph each
  assert.equal(r.record.sections[0]?.blocks.length, count);
});

test('a 5 MB Markdown article is shown as plain text, all of it, with a warning', () => {
  const chunk = '## Cause\n\nThe share refuses the copy with error 5 and *emphasis*.\n\n';
  const count = Math.ceil((5 * 1024 * 1024) / chunk.length);
  const r = parseArticle(`---\nid: Q10022\ntitle: Big\n---\n${chunk.repeat(count)}`, 'big.md');
  assert.deepEqual(codes(r), [['markdown-fallback', 5, 'warning']]);
  assert.equal(r.record?.sections.length, count);
  assert.equal(r.record?.sections[0]?.text, 'The share refuses the copy with error 5 and *emphasis*.');
});

test('Markdown nested too deep for the renderer falls back to plain text instead of failing', () => {
  const r = parseArticle(`---\nid: Q10022\ntitle: Deep\n---\n${'> '.repeat(5000)}deep words\n`, 'deep.md');
  assert.equal(codes(r)[0]?.[0], 'markdown-fallback');
  assert.match(r.record?.sections[0]?.text ?? '', /deep words/);
});
