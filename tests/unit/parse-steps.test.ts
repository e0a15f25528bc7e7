/**
 * The small steps of the parser on their own: dates, versions, headings, reflow, citations,
 * entities, text decoding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEntities } from '../../lib/parse/decode-entities';
import { decodeText } from '../../lib/parse/decode-text';
import { extractCitations } from '../../lib/parse/extract-citations';
import { legacyDate, splitVersions } from '../../lib/parse/field-values';
import { kebab } from '../../lib/section-kinds';
import { parseLegacyBody } from '../../lib/parse/parse-legacy-body';
import { reflow } from '../../lib/parse/reflow';

test('legacy dates become ISO dates', () => {
  assert.equal(legacyDate('09-AUG-2001'), '2001-08-09');
  assert.equal(legacyDate('1-jan-1990'), '1990-01-01');
  assert.equal(legacyDate('32-JAN-1990'), null);
  assert.equal(legacyDate('AUG 2001'), null);
});

test('version lists split on commas, semicolons and |, keeping platforms', () => {
  assert.deepEqual(splitVersions('3.5,3.51,4.0'), ['3.5', '3.51', '4.0']);
  assert.deepEqual(splitVersions(':3.5,3.51'), ['3.5', '3.51']);
  assert.deepEqual(splitVersions('WINDOWS:1.0,1.1; MACINTOSH:1.0'), ['WINDOWS:1.0', 'WINDOWS:1.1', 'MACINTOSH:1.0']);
  assert.deepEqual(splitVersions('2.20 2.30 | 2.20 2.30'), ['2.20 2.30']);
  assert.deepEqual(splitVersions('WINDOWS:'), ['WINDOWS']);
});

test('headings become kebab-case kinds', () => {
  assert.equal(kebab('MORE INFORMATION'), 'more-information');
  assert.equal(kebab('2.  CD-ROM PROBLEMS'), '2-cd-rom-problems');
  assert.equal(kebab('???'), 'section');
});

test('reflow: prose joins, steps become one list across blank lines, code stays exact', () => {
  const blocks = reflow(['First line of prose', 'continues here.', '', '1. Open the file', '   and read it.', '', '2. Close it.', '', '   int x = 1;', '', '   return x;']);
  assert.deepEqual(blocks, [
    { type: 'paragraph', text: 'First line of prose continues here.' },
    { type: 'list', ordered: true, items: ['Open the file and read it.', 'Close it.'] },
    { type: 'preformatted', text: '   int x = 1;\n\n   return x;' },
  ]);
});

test('reflow: a list that restarts its numbering is a new list; start is kept', () => {
  const blocks = reflow(['3. Third.', '', '1. Again.']);
  assert.deepEqual(blocks, [
    { type: 'list', ordered: true, start: 3, items: ['Third.'] },
    { type: 'list', ordered: true, items: ['Again.'] },
  ]);
});

test('reflow: sentence spacing is prose, column spacing is a table', () => {
  assert.equal(reflow(['One sentence.  Another one follows.'])[0]?.type, 'paragraph');
  assert.equal(reflow(['Name      Value', 'alpha     1'])[0]?.type, 'preformatted');
});

test('legacy body: header, applies-to, sections, query words and closing block', () => {
  const body = parseLegacyBody([
    'Article: Q1', 'Product(s): P', 'Version(s): 1.0', 'Operating System(s): MS-DOS | OS/2', 'Keyword(s): kbA', 'Last Modified: 02-FEB-1999', '',
    '-'.repeat(30), 'The information in this article applies to:', '', '- Thing one,', '  continued', '- Thing two', '-'.repeat(30), '',
    'CAUSE', '=====', '', 'Because.', '', 'Additional query words: alpha beta', '', '='.repeat(30), 'Keywords   : kbA kbB', 'Technology : kbT', '', '='.repeat(30),
  ]);
  assert.equal(body.articleId, 'Q1');
  assert.deepEqual(body.operatingSystems, ['MS-DOS', 'OS/2']);
  assert.deepEqual(body.keywords, ['kbA', 'kbB']);
  assert.deepEqual(body.technology, ['kbT']);
  assert.deepEqual(body.appliesTo, ['Thing one, continued', 'Thing two']);
  assert.deepEqual(body.queryWords, ['alpha', 'beta']);
  assert.deepEqual(body.sections, [{ kind: 'cause', heading: 'CAUSE', text: 'Because.', blocks: [{ type: 'paragraph', text: 'Because.' }] }]);
});

test('citations: Q-form IDs in order, once, without the article itself', () => {
  assert.deepEqual(extractCitations(['See Q123456 and ARTICLE-ID: Q654321.', 'Q123456 again, Q1 too short, Q1234567 too long, KB123456 no, xQ123456 no, Q155738 self'], 'Q155738'), ['Q123456', 'Q654321']);
});

test('entities are decoded exactly once', () => {
  assert.equal(decodeEntities('&quot;A&quot; &amp;lt;b&amp;gt; &#36; &#x41; &bogus; &amp'), '"A" &lt;b&gt; $ A &bogus; &amp');
});

test('text decoding: BOM, CRLF, lone CR, controls', () => {
  assert.deepEqual(decodeText('\uFEFFa\r\nb\rc\u0007d'), { text: 'a\nb\ncd', repairs: [{ line: 3, code: 'control-chars', message: '1 control character (NUL, escape, …) removed; first on this line' }] });
  assert.deepEqual(decodeText(new Uint8Array([0x61, 0x0a, 0xc3, 0x28])).repairs.map((r) => [r.code, r.line]), [['invalid-utf8', 2]]);
});
