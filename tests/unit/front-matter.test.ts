/**
 * Front matter: the safe splitter, the fast path (checked against js-yaml), the field schema and
 * the permalink rules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { readFrontMatter } from '../../lib/parse/front-matter-schema';
import { defaultPermalink, normalizePermalink } from '../../lib/parse/permalink';
import { readSimpleYaml } from '../../lib/parse/simple-yaml';
import { splitFrontMatter } from '../../lib/parse/split-front-matter';

test('splits front matter and says where the body starts', () => {
  const r = splitFrontMatter('---\ntitle: "A"\nid: Q1\n---\nbody line\n');
  assert.deepEqual({ ...r.data }, { title: 'A', id: 'Q1' });
  assert.equal(r.body, 'body line\n');
  assert.equal(r.bodyLine, 5);
  assert.deepEqual(r.problems, []);
});

test('no front matter: the whole text is body', () => {
  const r = splitFrontMatter('# Title\n---\n');
  assert.equal(r.data, null);
  assert.equal(r.bodyLine, 1);
});

test('front matter data has no prototype, so __proto__ is only a key', () => {
  const r = splitFrontMatter('---\n__proto__: {x: 1}\ntitle: t\n---\n');
  assert.equal(Object.getPrototypeOf(r.data), null);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('YAML scalars stay strings (FAILSAFE): versions 5.0, ids, dates', () => {
  const r = splitFrontMatter('---\nversions: [5.0, 4.10]\nid: 10022\nlastModified: 2024-05-01\nflag: yes\n---\n');
  assert.deepEqual(JSON.parse(JSON.stringify(r.data)), { versions: ['5.0', '4.10'], id: '10022', lastModified: '2024-05-01', flag: 'yes' });
});

test('the fast path reads exactly what js-yaml reads, or declines', () => {
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
  const value = fc.oneof(fc.stringMatching(/^[A-Za-z/][A-Za-z0-9/_.-]{0,12}$/), fc.string({ maxLength: 20 }).map((s) => `"${s}"`), fc.string({ maxLength: 12 }));
  fc.assert(fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }), (pairs) => {
    const yaml = pairs.map(([k, v]) => `${k}: ${v}`).join('\n');
    const fast = readSimpleYaml(yaml);
    if (fast === null) return;
    assert.deepEqual({ ...fast }, load(yaml, { schema: FAILSAFE_SCHEMA }));
  }), { numRuns: 500 });
});

test('fields: wrong types are dropped with a problem naming the field; lists are normalized', () => {
  const data = Object.assign(Object.create(null), { title: { a: 1 }, products: 'A, B', keywords: 'kb1 kb2,kb3', versions: ['5.0', 4], id: 'Q5' });
  const { fields, problems } = readFrontMatter(data);
  assert.deepEqual({ ...fields }, { id: 'Q5', products: ['A', 'B'], versions: ['5.0', '4'], keywords: ['kb1', 'kb2', 'kb3'] });
  assert.deepEqual(problems, [{ field: 'title', message: 'front matter field "title" has the wrong type (a mapping); ignored' }]);
});

test('permalinks are normalized and checked', () => {
  assert.deepEqual(normalizePermalink('kb/155/Q155738/'), { ok: true, permalink: '/kb/155/Q155738/' });
  assert.deepEqual(normalizePermalink('/kb/155/Q155738'), { ok: true, permalink: '/kb/155/Q155738/' });
  assert.equal(normalizePermalink('/kb/a/../b/').ok, false);
  assert.equal(normalizePermalink('JavaScript:alert(1)').ok, false);
  assert.equal(normalizePermalink('/error/x/').ok, false);
  assert.equal(normalizePermalink('/errors/x/').ok, true); // only the exact reserved segment is refused
});

test('default permalink buckets by the zero-padded number', () => {
  assert.equal(defaultPermalink('Q10022', 10022), '/kb/010/Q10022/');
  assert.equal(defaultPermalink('Q155738', 155738), '/kb/155/Q155738/');
  assert.equal(defaultPermalink('Q99', 99), '/kb/000/Q99/');
});
