/**
 * Properties of parseArticle (fast-check): it never throws, it is deterministic, and every word
 * of a generated legacy article's body survives into its record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseArticle } from '../../lib/parse/parse-article';
import type { ArticleRecord } from '../../lib/parse/types';

// two characters at least: a lone `o` opening a line is a bullet marker, which is structure, not a word
const word = fc.stringMatching(/^[A-Za-z][a-z0-9]{1,9}$/);
const line = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));
const indented = line.map((l) => `    ${l}`);
const paragraph = fc.array(fc.oneof(line, line, indented), { minLength: 1, maxLength: 5 });
const section = fc.record({
  heading: fc.constantFrom('SYMPTOMS', 'CAUSE', 'RESOLUTION', 'MORE INFORMATION', 'STATUS'),
  paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 4 }),
});

/** A legacy article built from generated words, and the body words it must keep. */
const article = fc.record({ sections: fc.array(section, { minLength: 0, maxLength: 4 }), lead: fc.array(paragraph, { maxLength: 2 }) }).map(({ sections, lead }) => {
  const body: string[] = [];
  for (const p of lead) body.push(...p, '');
  for (const s of sections) {
    body.push(s.heading, '='.repeat(s.heading.length), '');
    for (const p of s.paragraphs) body.push(...p, '');
  }
  const text = ['---', 'layout: page', 'title: "Q123456: Generated"', 'permalink: /kb/123/Q123456/', '---', '', '{% raw %}', '',
    '\tArticle: Q123456', '\tProduct(s): Generated', '\tLast Modified: 01-JAN-2001', '\t', ...body.map((l) => `\t${l}`), '', '{% endraw %}', ''].join('\n');
  return { text, words: body.join(' ').match(/[A-Za-z0-9]+/g) ?? [] };
});

function recordWords(record: ArticleRecord): Set<string> {
  const texts = [record.title, ...record.sections.flatMap((s) => [s.heading, s.text]), ...record.queryWords, ...record.keywords, ...record.products];
  return new Set(texts.join(' ').match(/[A-Za-z0-9]+/g) ?? []);
}

test('never throws on arbitrary text', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => { parseArticle(s, 'x.md'); }), { numRuns: 300 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => { parseArticle(`---\n${s}\n---\n${s}`, 'x.md'); parseArticle(`---\ntitle: x\n---\n\tArticle: Q1\n${s}`, 'x.md'); }), { numRuns: 300 });
});

test('never throws on arbitrary bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => { parseArticle(b, 'x.md'); }), { numRuns: 300 });
});

test('is deterministic', () => {
  fc.assert(fc.property(fc.oneof(article.map((a) => a.text), fc.string({ maxLength: 300 })), (s) => {
    assert.deepEqual(parseArticle(s, 'x.md'), parseArticle(s, 'x.md'));
  }), { numRuns: 200 });
});

test('every word of the body survives into the record', () => {
  fc.assert(fc.property(article, ({ text, words }) => {
    const { record, problems } = parseArticle(text, 'x.md');
    assert.ok(record, JSON.stringify(problems));
    const have = recordWords(record);
    const lost = words.filter((w) => !have.has(w));
    assert.deepEqual(lost, []);
  }), { numRuns: 300 });
});
