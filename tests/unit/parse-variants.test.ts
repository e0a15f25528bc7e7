/**
 * The two legacy variants carry the same article: stripping the raw tags and the permalink's
 * leading slash must give the same record (only `variant` differs). And detection is per file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseArticle } from '../../lib/parse/parse-article';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');

for (const name of ['archive-raw-tags', 'code-listing', 'numbered-steps', 'question-response']) {
  test(`${name}: archive and archive-first give the same record`, () => {
    const archive = readFileSync(path.join(fixtures, name, 'input.md'), 'utf8');
    const first = archive.replace(/^\{% raw %\}\n/m, '').replace(/\n\{% endraw %\}\n$/, '\n').replace(/^permalink: \//m, 'permalink: ');
    assert.notEqual(first, archive);
    const a = parseArticle(archive, 'x.md');
    const b = parseArticle(first, 'x.md');
    assert.equal(a.record?.variant, 'archive');
    assert.equal(b.record?.variant, 'archive-first');
    assert.deepEqual({ ...b.record, variant: 'archive' }, a.record);
    assert.deepEqual(b.problems, a.problems);
  });
}

test('an unmatched {% raw %} stays as text and the file is archive-first', () => {
  const text = readFileSync(path.join(fixtures, 'archive-raw-tags', 'input.md'), 'utf8').replace(/\n\{% endraw %\}\n$/, '\n');
  const r = parseArticle(text, 'x.md');
  assert.equal(r.record?.variant, 'archive-first');
  assert.equal(r.record?.sections[0]?.text, '{% raw %}');
});

test('text after the archive\'s closing {% endraw %} is a note: the article stays archive, its closing fields are read, the note comes last', () => {
  const archive = readFileSync(path.join(fixtures, 'archive-raw-tags', 'input.md'), 'utf8');
  const plain = parseArticle(archive, 'x.md').record;
  assert.ok(plain && plain.technology.length > 0, 'the fixture has closing fields');
  const noted = parseArticle(`${archive}\nA note added later: see Q123456.\n\n## Update\n\nFixed in *Service Pack 2*.\n`, 'x.md');
  const r = noted.record;
  assert.equal(r?.variant, 'archive');
  assert.deepEqual(noted.problems, []);
  assert.deepEqual(r?.technology, plain.technology);
  assert.deepEqual(r?.keywords, plain.keywords);
  assert.deepEqual(r?.sections.slice(0, plain.sections.length), plain.sections);
  assert.deepEqual(r?.sections.slice(plain.sections.length).map((s) => [s.kind, s.heading, s.text]), [
    ['body', '', 'A note added later: see Q123456.'],
    ['update', 'Update', 'Fixed in Service Pack 2.'],
  ]);
  assert.ok(r?.cites.includes('Q123456'), 'the note is searched and cross-referenced like the rest');
});

test('a note after {% endraw %} too deep for Markdown is kept as text, with a warning at the note\'s own line', () => {
  const archive = readFileSync(path.join(fixtures, 'archive-raw-tags', 'input.md'), 'utf8');
  const r = parseArticle(`${archive}\n${'> '.repeat(5000)}deep note\n`, 'x.md');
  const noteLine = archive.split('\n').length + 1;
  assert.deepEqual(r.problems.map((p) => [p.code, p.line]), [['markdown-fallback', noteLine]]);
  assert.match(r.record?.sections.at(-1)?.text ?? '', /deep note/);
  assert.equal(r.record?.variant, 'archive');
});

test('a file without a legacy header is Markdown', () => {
  const r = parseArticle('---\nid: Q42\ntitle: Plain\n---\n\n## Cause\n\nText with\ttab.\n', 'x.md');
  assert.equal(r.record?.variant, 'markdown');
  assert.equal(r.record?.permalink, '/kb/000/Q42/');
  assert.deepEqual(r.record?.sections.map((s) => [s.kind, s.text]), [['cause', 'Text with\ttab.']]);
});
