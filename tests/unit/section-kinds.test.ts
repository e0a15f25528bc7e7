/**
 * One home for what a section kind means (lib/section-kinds.ts) and for what a page field is
 * (PAGE_FIELDS in lib/parse/front-matter-schema.ts). A kind or a field added to its table here, at
 * run time, must reach every consumer: the parsers, the search fields, the excerpts, the
 * similar-articles lead, the search page's labels, the record, the article page. And no source file
 * may keep its own list of kinds (the lists this table replaced would fail the scan).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  SECTION_KINDS, excerptRankOf, kebab, kindOfHeading, kindOfLabel, searchFieldOf, sectionLabel, similarKinds,
  type SectionKindSpec,
} from '../../lib/section-kinds';
import { PAGE_FIELDS } from '../../lib/parse/front-matter-schema';
import { parseArticle } from '../../lib/parse/parse-article';
import { parseLegacyBody } from '../../lib/parse/parse-legacy-body';
import { parseMarkdownBody } from '../../lib/parse/parse-markdown-body';
import type { ArticleRecord } from '../../lib/parse/types';
import { fieldTermsOf } from '../../lib/search/field-terms';
import { docEntryOf } from '../../lib/search/doc-entry';
import { similarSignature } from '../../lib/related/similar';
import { articleMain } from '../../lib/render/article-page';
import type { RenderContext } from '../../lib/render/context';
import { find, findAll, text } from './hast-find';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `body` with `kind` added to the table, then takes it out again. */
function withKind(kind: string, spec: SectionKindSpec, body: () => void): void {
  const table = SECTION_KINDS as Record<string, SectionKindSpec>;
  assert.equal(Object.hasOwn(table, kind), false, `${kind} is not in the table yet`);
  table[kind] = spec;
  try {
    body();
  } finally {
    delete table[kind];
  }
}

const NEW_KIND: SectionKindSpec = {
  label: 'known problem', field: 'lead', excerptRank: 0, similarRank: 0, labels: ['issue'], headings: [/^known issues?$/i],
};

/** A Markdown article: a Symptoms section first, then a `## Known issues` section with its own word. */
function markdownRecord(): ArticleRecord {
  const source = [
    '---', 'id: KB9900001', 'title: Widget stops', '---', '',
    '## Symptoms', '', 'The widget stops when opened.', '',
    '## Known issues', '', 'Frobnication fails on quuxing days.', '',
  ].join('\n');
  const { record } = parseArticle(source, 'a.md');
  assert.ok(record);
  return record;
}

test('a kind added to the table reaches the parsers, search fields, excerpts, similar lead and labels', () => {
  const legacyLines = ['Issue: the widget stops.', '', 'KNOWN ISSUES', '============', '', 'Frobnication fails.'];
  // without the line in the table: `Issue:` is body text and the heading is its kebab form
  assert.deepEqual(parseLegacyBody(legacyLines).sections.map((s) => s.kind), ['body', 'known-issues']);
  const before = markdownRecord();
  assert.deepEqual(before.sections.map((s) => s.kind), ['symptoms', 'known-issues']);
  assert.ok(fieldTermsOf(before).rest.has('frobnication'));
  assert.equal(docEntryOf(before, -1)[5][0]?.[0], 'symptoms');
  assert.equal(sectionLabel('known-issue'), 'known issue');

  withKind('known-issue', NEW_KIND, () => {
    // parsers: the old-style label and the heading pattern open the new kind
    assert.deepEqual(parseLegacyBody(legacyLines).sections.map((s) => s.kind), ['known-issue', 'known-issue']);
    assert.equal(kindOfLabel('ISSUE'), 'known-issue');
    assert.equal(kindOfHeading('Known issue'), 'known-issue');
    assert.deepEqual(parseMarkdownBody('## Known issues\n\nText.\n').sections.map((s) => s.kind), ['known-issue']);
    const record = markdownRecord();
    assert.deepEqual(record.sections.map((s) => s.kind), ['symptoms', 'known-issue']);
    // search: its words go into its field
    assert.equal(searchFieldOf('known-issue'), 'lead');
    const fields = fieldTermsOf(record);
    assert.ok(fields.lead.has('frobnication') && !fields.rest.has('frobnication'));
    // excerpts: rank 0 comes before Symptoms
    assert.deepEqual(docEntryOf(record, -1)[5].map(([kind]) => kind), ['known-issue', 'symptoms']);
    // similar articles: its text is the lead
    assert.equal(similarKinds()[0], 'known-issue');
    assert.ok(similarSignature(record).lead.includes('frobnication'));
    // the search page's "matched in …" (client/search-page.ts calls sectionLabel)
    assert.equal(sectionLabel('known-issue'), 'known problem');
  });
  assert.equal(kindOfLabel('issue'), undefined, 'taken out again');
});

test('the table: keys are kebab forms, ranks distinct, labels lower case; lookups see own keys only', () => {
  const specs = Object.entries(SECTION_KINDS as Record<string, SectionKindSpec>);
  for (const [kind, spec] of specs) {
    assert.equal(kebab(kind), kind, `${kind} is a kebab form`);
    assert.equal(spec.label, spec.label.toLowerCase());
    for (const label of spec.labels ?? []) assert.equal(label, label.toLowerCase());
  }
  for (const rank of ['excerptRank', 'similarRank'] as const) {
    const ranks = specs.map(([, s]) => s[rank]).filter((r) => r !== undefined);
    assert.equal(new Set(ranks).size, ranks.length, `${rank}s are distinct`);
  }
  // today's meanings, as the search index and the search page rely on them
  assert.deepEqual(specs.filter(([, s]) => s.field === 'lead').map(([k]) => k).sort(), ['summary', 'symptoms']);
  assert.deepEqual(similarKinds(), ['symptoms', 'summary']);
  assert.equal(kindOfLabel('answer'), 'response');
  assert.equal(sectionLabel('body'), 'text');
  assert.equal(sectionLabel('title'), 'title');
  for (const kind of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(searchFieldOf(kind), 'rest');
    assert.equal(excerptRankOf(kind), Number.MAX_SAFE_INTEGER);
    assert.equal(sectionLabel(kind), kind.replace(/-/g, ' '));
    assert.equal(kindOfLabel(kind), undefined);
  }
  assert.ok(excerptRankOf('summary') < excerptRankOf('body') && excerptRankOf('body') < excerptRankOf('status'));
});

/** Every TypeScript source file of the app (not tests, not scripts' measurements). */
function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name)) out.push(rel);
    }
  };
  for (const dir of ['lib', 'client', 'app', 'components']) walk(dir);
  return out;
}

test('no source file but the table keeps a list of section kinds, their labels, fields or ranks', () => {
  const names = new Set<string>();
  for (const [kind, spec] of Object.entries(SECTION_KINDS as Record<string, SectionKindSpec>)) {
    names.add(kind);
    for (const label of spec.labels ?? []) names.add(label);
    if (spec.label !== kind) names.add(spec.label);
  }
  const quoted = new RegExp(`['"\`](${[...names].map((n) => n.replace(/[-]/g, '\\-')).join('|')})['"\`]`, 'g');
  const alternation = new RegExp(`\\b(${[...names].join('|')})\\|(${[...names].join('|')})\\b`, 'i');
  const offences: string[] = [];
  const files = sourceFiles().filter((f) => f !== path.join('lib', 'section-kinds.ts'));
  assert.ok(files.length > 100, 'the scan sees the sources');
  for (const file of files) {
    readFileSync(path.join(ROOT, file), 'utf8').split('\n').forEach((full, i) => {
      // comments may name kinds; code may not list them
      if (/^\s*(\*|\/\*|\/\/)/.test(full)) return;
      const line = full.replace(/\s\/\/ .*$/, '');
      const kinds = new Set([...line.matchAll(quoted)].map((m) => m[1]));
      const where = `${file}:${i + 1}: ${line.trim()}`;
      // a list, set or map of kinds (`['summary', 'symptoms']`, `{ body: 'text', 'more-information': … }`)
      if (kinds.size >= 2) offences.push(where);
      // a one-kind list (`new Set(['symptoms'])`) or a label given to a kind (`body: 'text'`)
      else if (/\[\s*['"`][a-z-]+['"`]\s*\]/.test(line) && kinds.size === 1) offences.push(where);
      else if (/\bbody['"]?\s*:\s*['"]text['"]/.test(line)) offences.push(where);
      // a pattern naming kinds or their labels (`/^(question|response|answer)…/`)
      else if (alternation.test(line)) offences.push(where);
    });
  }
  assert.deepEqual(offences, [], 'define kinds in lib/section-kinds.ts');
});

const ctx: RenderContext = {
  basePath: '', siteUrl: 'https://example.test', siteName: 'KB Archive', articleById: () => undefined, productPath: () => undefined,
};

test('a page field added to PAGE_FIELDS is read, validated, stored in the record and shown on the page', () => {
  const fields = PAGE_FIELDS as Record<string, unknown>;
  const source = (value: string) => ['---', 'id: KB9900002', 'title: Widget stops', `testAudience: ${value}`, '---', '', '## Symptoms', '', 'It stops.', ''].join('\n');
  assert.equal('testAudience' in (parseArticle(source('admins'), 'a.md').record ?? {}), false, 'not a field before');
  fields.testAudience = { read: PAGE_FIELDS.keywords.read, show: { details: 'Test audience' }, empty: (): string[] => [] };
  try {
    const { record, problems } = parseArticle(source('admins, developers'), 'a.md');
    assert.ok(record);
    assert.deepEqual(problems, []);
    assert.deepEqual((record as unknown as Record<string, unknown>).testAudience, ['admins', 'developers']);
    assert.deepEqual(Object.keys(record).slice(Object.keys(record).indexOf('queryWords'), -5), ['queryWords', 'testAudience'], 'in table order');
    const details = find(articleMain({ record, citedBy: [] }, ctx), 'details.article-details');
    assert.deepEqual(findAll(details, 'dt').map((dt) => text(dt)), ['Test audience']);
    assert.equal(text(find(details, 'dd')), 'admins, developers');
    // validation comes with the declaration: a mapping is refused with the field named
    const bad = parseArticle(source('{ a: 1 }'), 'a.md');
    assert.deepEqual(bad.problems.map((p) => [p.code, p.line]), [['front-matter-field', 4]]);
    assert.match(bad.problems[0]?.message ?? '', /"testAudience"/);
    assert.deepEqual((bad.record as unknown as Record<string, unknown>).testAudience, []);
  } finally {
    delete fields.testAudience;
  }
});
