/**
 * The lookups table of the pages step (lib/build/page-inputs.ts): a rebuild asks each lookup once and
 * checks in full only the pages whose line has other data or names a lookup whose answer changed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changedLookups, dataKey, formatLookupsTable, formatPageState, lookupName, mayHaveChanged, parseLookupsTable, partOf, recordingGroups, type Lookup,
} from '../../lib/build/page-inputs';

function groupsOf(titles: Record<string, string>, cited: Record<string, string[]>) {
  const metas = new Map(Object.entries(titles).map(([id, title]) => [id, { id, title }]));
  return {
    ctx: { basePath: '', articleById: (id: string) => metas.get(id) },
    related: { citedBy: (id: string) => cited[id] ?? [] },
  };
}

/** What a drawn page keeps: its state line and the table entries of its lookups. */
function draw(groups: ReturnType<typeof groupsOf>, lookups: Lookup[], data: string) {
  const recording = recordingGroups(groups);
  for (const [method, arg] of lookups) {
    const [group, name] = method.split('.') as ['ctx' | 'related', string];
    (recording.groups[group] as unknown as Record<string, (a: string) => unknown>)[name]?.(arg);
  }
  const table = new Map(recording.lookups.map(([m, a], i) => [lookupName(m, a), recording.answers[i] as string]));
  const line = formatPageState({ hash: 'h', size: 10, inputs: 'i', data, lookupsText: JSON.stringify(recording.lookups) });
  return { line, table };
}

test('the table survives its text; a line of something else is refused', () => {
  const table = new Map([[lookupName('ctx.articleById', 'Q1'), '#abc'], [lookupName('related.citedBy', 'tab\there'), '["Q2"]']]);
  assert.deepEqual(parseLookupsTable(formatLookupsTable(table)), table);
  assert.equal(parseLookupsTable('no table\n'), null);
});

test('a table read in parts: each lookup in exactly one part, its last line winning there', () => {
  const names = Array.from({ length: 200 }, (_, i) => lookupName('related.similar', `Q${i}`));
  const text = formatLookupsTable(new Map(names.map((n) => [n, '"old"']))) + `${names[7]}\t"new"\n`;
  const parts = [0, 1, 2].map((part) => parseLookupsTable(text, part, 3) as Map<string, string>);
  assert.deepEqual(parts.flatMap((p) => [...p.keys()]).sort(), [...names].sort());
  assert.ok(parts.every((p) => p.size > 30), `parts of ${parts.map((p) => p.size).join(', ')}`);
  assert.equal(parts[partOf(names[7] as string, 3)]?.get(names[7] as string), '"new"');
});

test('only the lookups whose answers changed are reported, with the answer now; a method that is gone answers !', () => {
  const before = groupsOf({ Q1: 'One', Q2: 'Two' }, { Q1: ['Q2'] });
  const { table } = draw(before, [['ctx.articleById', 'Q1'], ['ctx.articleById', 'Q2'], ['related.citedBy', 'Q1']], 'd');
  table.set(lookupName('ctx.gone', 'x'), '"old"');
  // names with escapes are read as JSON: one whose answer holds, one whose answer changed
  table.set(lookupName('related.citedBy', 'Q"1\\'), '[]');
  table.set(lookupName('related.citedBy', 'Q"2\t'), '["Q9"]');
  assert.deepEqual([...changedLookups(groupsOf({ Q1: 'One', Q2: 'Two' }, { Q1: ['Q2'] }), table)], [[lookupName('ctx.gone', 'x'), '!'], [lookupName('related.citedBy', 'Q"2\t'), '[]']]);
  const now = groupsOf({ Q1: 'One', Q2: 'Two, retitled' }, { Q1: ['Q2', 'Q3'] });
  assert.deepEqual([...changedLookups(now, table).keys()].sort(), [lookupName('ctx.articleById', 'Q2'), lookupName('ctx.gone', 'x'), lookupName('related.citedBy', 'Q1'), lookupName('related.citedBy', 'Q"2\t')].sort());
});

test('a page may have changed when its data differs, it names a changed lookup, or its line is not one', () => {
  const groups = groupsOf({ Q1: 'One', Q10: 'Ten' }, {});
  const { line } = draw(groups, [['ctx.articleById', 'Q10'], ['related.citedBy', 'Q10']], dataKey('code', 'data'));
  const key = dataKey('code', 'data');
  const none = new Map<string, string>();
  assert.equal(mayHaveChanged(line, key, none, []), false, 'same data, no lookup changed');
  assert.equal(mayHaveChanged(line, dataKey('code', 'other data'), none, []), true);
  assert.equal(mayHaveChanged(line, dataKey('other code', 'data'), none, []), true);
  const q1 = new Map([[lookupName('ctx.articleById', 'Q1'), '#new']]);
  assert.equal(mayHaveChanged(line, key, q1, [...q1.keys()]), false, 'Q1 is not Q10');
  const q10 = new Map([[lookupName('ctx.articleById', 'Q10'), '#new']]);
  assert.equal(mayHaveChanged(line, key, q10, [...q10.keys()]), true);
  // many changed lookups: the line's lookups are read instead of searched for each
  const many = new Map(Array.from({ length: 100 }, (_, i) => [lookupName('ctx.articleById', `Q${1000 + i}`), '#x']));
  assert.equal(mayHaveChanged(line, key, many, [...many.keys()]), false);
  many.set(lookupName('related.citedBy', 'Q10'), '[]');
  assert.equal(mayHaveChanged(line, key, many, [...many.keys()]), true);
  for (const bad of ['', line.replace('\t10\t', '\tx\t'), `${line}x`, line.split('\t').slice(1).join('\t')]) {
    assert.equal(mayHaveChanged(bad, key, none, []), true, bad);
  }
});
