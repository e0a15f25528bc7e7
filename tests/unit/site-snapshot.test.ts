/**
 * What the pages step keeps of site.json for a quick rebuild (lib/build/site-snapshot.ts): where each
 * entry is, which members of two objects differ, and a site made of a few entries that answers the
 * lookups asked of it as the whole site does.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { answerKey, type Lookup } from '../../lib/build/page-inputs';
import { asciiJson } from '../../lib/build/read-text';
import type { SiteData } from '../../lib/build/site-data';
import { changedLookupNames, changedMembers, EntryIndex, formatEntries, memberRange, PartialSite, scanSite, siteChanges, type SiteChanges } from '../../lib/build/site-snapshot';
import { siteIndex } from '../../lib/render/site-context';

const box = mkdtempSync(path.join(tmpdir(), 'kb-site-snapshot-'));
after(() => rmSync(box, { recursive: true, force: true }));

const meta = (id: string, permalink: string, title: string, products: string[], cites: string[] = []) => ({
  id, number: Number(id.replace(/\D/g, '')) || null, title, permalink, products, lastModified: '2001-01-01', cites, errorCodes: [], source: `${id}.md`, kinds: ['summary'],
});

/** A site with what trips a scanner: quotes, backslashes, braces and non-ASCII in strings, an ID claimed twice (once in other case). */
const site: SiteData = {
  articles: [
    meta('Q1', '/kb/1/Q1/', 'Braces {"x":[1]} and \\ backslash "quoted"', ['Widget']),
    meta('Q2', '/kb/1/Q2/', 'Café — naïve', ['Widget', 'Gadget'], ['Q1', 'Q9']),
    meta('q1', '/kb/1/q1-copy/', 'The same ID in lower case', ['Gadget']),
    meta('Q3', '/kb/1/Q3/', 'Cites two', ['Gadget'], ['Q1', 'Q2']),
    meta('Q1', '/kb/1/Q1-again/', 'A second claimant', ['Widget']),
  ],
  byPermalink: { '/kb/1/Q1/': 'Q1' },
  products: [{ name: 'Gadget', slug: 'gadget', count: 3 }, { name: 'Widget', slug: 'widget', count: 3 }],
  years: { 2001: 5 },
  citedBy: { Q1: ['Q2', 'Q3'], Q2: ['Q3'] },
  errorIndex: { 'winsock/wsaenotsock': { name: 'WSAENOTSOCK', family: 'winsock', value: 10038, articles: [{ id: 'Q2', inTitle: false }, { id: 'Q3', inTitle: true }], spellings: ['10038'] } },
  similar: { Q1: ['Q3', 'Q2'], Q2: ['Q1'], 'Zoë': ['Q1'] },
  totals: { articles: 5, products: 2, errorCodes: 1, citations: 3, sectionKinds: { similar: 1, totals: 2 }, withoutHeadings: 0 },
};
const bytes = Buffer.from(asciiJson(JSON.stringify(site)));

describe('scanSite', () => {
  test('finds every entry: each range parses to the entry', () => {
    const entries = scanSite(bytes, site.articles);
    entries.articles.forEach(([id, permalink, start, end], i) => {
      assert.deepEqual(JSON.parse(bytes.toString('latin1', start, end)), site.articles[i]);
      assert.equal(id, site.articles[i]?.id);
      assert.equal(permalink, site.articles[i]?.permalink);
    });
    assert.deepEqual(JSON.parse(bytes.toString('latin1', ...entries.products)), site.products);
    assert.deepEqual(JSON.parse(bytes.toString('latin1', ...(entries.citedBy.Q1 as [number, number]))), ['Q2', 'Q3']);
    assert.deepEqual(JSON.parse(bytes.toString('latin1', ...(entries.errorIndex['winsock/wsaenotsock'] as [number, number]))), site.errorIndex['winsock/wsaenotsock']);
    assert.deepEqual(JSON.parse(bytes.toString('latin1', ...entries.similar)), site.similar);
    assert.ok(bytes.toString('latin1', 0, entries.similar[0]).endsWith(',"similar":'));
    assert.ok(bytes.toString('latin1', entries.similar[1]).startsWith(',"totals":'));
  });

  test('refuses a site.json laid out otherwise (the similar articles not just before the totals)', () => {
    const { similar, ...rest } = site;
    const moved = Buffer.from(JSON.stringify({ similar, ...rest }));
    assert.throws(() => scanSite(moved, site.articles), /not laid out as the pages step reads it/);
  });
});

describe('changedMembers and memberRange', () => {
  const obj = (o: object): Buffer => Buffer.from(asciiJson(JSON.stringify(o)));

  test('same keys in the same order: the keys whose values differ', () => {
    assert.deepEqual(changedMembers(obj({ a: [1, 2], 'b"x': ['q'], c: [3] }), obj({ a: [1, 2], 'b"x': ['r'], c: [3] })), ['b"x']);
    assert.deepEqual(changedMembers(obj({ a: [1], b: [2] }), obj({ a: [1], b: [2] })), []);
    assert.deepEqual(changedMembers(obj({ a: [1, 100] }), obj({ a: [1, 1000] })), ['a']);
  });

  test('keys added, removed or reordered: compared by key', () => {
    assert.deepEqual(changedMembers(obj({ a: [1], b: [2] }), obj({ a: [1], b: [2], c: [3] })), ['c']);
    assert.deepEqual(changedMembers(obj({ a: [1], b: [2], c: [3] }), obj({ a: [1], c: [3] })), ['b']);
    assert.deepEqual(changedMembers(obj({ a: [1], b: [2] }), obj({ b: [2], a: [9] })).sort(), ['a']);
    assert.deepEqual(changedMembers(obj({}), obj({ é: ['x'] })), ['é']);
  });

  test('memberRange finds a key, never the same text in a value', () => {
    const similar = obj({ Q1: ['Q2'], Q2: ['Q1'], 'Zoë': ['Q1'] });
    const at = memberRange(similar, 'Q2', true);
    assert.ok(at);
    assert.deepEqual(JSON.parse(similar.toString('latin1', ...at)), ['Q1']);
    assert.deepEqual(JSON.parse(similar.toString('latin1', ...(memberRange(similar, 'Zoë', true) as [number, number]))), ['Q1']);
    assert.equal(memberRange(similar, 'Q3', true), undefined);
    assert.equal(memberRange(obj({ a: ['"Q2":'] }), 'Q2'), undefined, 'a string ending in a colon inside a value is escaped');
  });
});

describe('EntryIndex and PartialSite', () => {
  const file = path.join(box, 'site.json');
  writeFileSync(file, bytes);
  const entries = scanSite(bytes, site.articles);
  const index = new EntryIndex(formatEntries(entries));

  test('the index answers by ID (whatever its case, in path order), by permalink key and by key', () => {
    assert.deepEqual(index.articles('Q1').map(([p]) => p), ['/kb/1/Q1/', '/kb/1/q1-copy/', '/kb/1/Q1-again/']);
    assert.deepEqual(index.articles('Q9'), []);
    assert.equal(index.permalink('/kb/1/q1-again'), '/kb/1/Q1-again/');
    assert.equal(index.permalink('/kb/1/nowhere'), undefined);
    assert.deepEqual(index.range('c', 'Q1'), entries.citedBy.Q1);
    assert.equal(index.range('c', 'Q3'), undefined);
    assert.deepEqual(index.range('p'), entries.products);
  });

  test('every lookup, answered from the entries it needs, is answered as the whole site answers it', () => {
    const config = { basePath: '/kb-base', siteUrl: 'https://kb.example.org' };
    const whole = siteIndex(site, config);
    const ids = ['Q1', 'q1', 'Q2', 'Q3', 'Q9', 'Zoë', 'constructor'];
    const lookups: Lookup[] = [
      ...ids.flatMap((id): Lookup[] => [['ctx.articleById', id], ['related.articleById', id], ['related.citedBy', id], ['related.similar', id]]),
      ['related.codeArticles', 'winsock/wsaenotsock'], ['related.codeArticles', 'winsock/none'], ['ctx.productPath', 'Gadget'], ['ctx.productPath', 'Nothing'],
    ];
    const fd = openSync(file, 'r');
    try {
      const similar = bytes.subarray(...entries.similar);
      for (const lookup of lookups) {
        const partial = new PartialSite(fd, index, similar);
        while (partial.need([lookup]));
        const part = siteIndex(partial.site(), config);
        const [group, name] = lookup[0].split('.') as ['ctx' | 'related', string];
        const ask = (i: typeof whole): unknown => ((i[group] as unknown as Record<string, (arg: string) => unknown>)[name] as (arg: string) => unknown).call(i[group], lookup[1]);
        assert.equal(answerKey(ask(part)), answerKey(ask(whole)), `${lookup.join(' ')}`);
      }
      assert.throws(() => new PartialSite(fd, index, similar).need([['ctx.somethingNew', 'x']]), /does not know the lookup ctx.somethingNew/);
    } finally {
      closeSync(fd);
    }
  });
});

describe('siteChanges and changedLookupNames', () => {
  const text = (s: SiteData): Buffer => Buffer.from(asciiJson(JSON.stringify(s)));
  const similarOf = (s: SiteData): Buffer => Buffer.from(asciiJson(JSON.stringify(s.similar)));
  const changesTo = (next: SiteData, most = 100) => siteChanges(bytes, text(next), similarOf(site), most);

  const retitledTwice = (): SiteData => ({ ...site, articles: site.articles.map((a) => (a.id === 'Q2' ? { ...a, title: 'Renamed' } : a)) });

  test('an article inserted, removed or changed in the middle: its ID alone, whatever the others', () => {
    const added = { ...site, articles: [...site.articles.slice(0, 2), meta('Q7', '/kb/1/Q7/', 'New', ['Widget']), ...site.articles.slice(2)] };
    const addedChanges = changesTo(added) as SiteChanges;
    assert.deepEqual({ ...addedChanges, lists: undefined }, { ids: new Set(['q7']), citedBy: new Set(), codes: new Set(), similar: new Set(), products: new Set(), lists: undefined });
    assert.deepEqual(addedChanges.lists.articles.map((a) => a.permalink), ['/kb/1/Q7/'], 'the list pages learn what the added article shows');
    const removed = { ...site, articles: site.articles.filter((a) => a.id !== 'Q3') };
    assert.deepEqual((changesTo(removed) as SiteChanges).ids, new Set(['q3']));
    assert.deepEqual((changesTo(retitledTwice()) as SiteChanges).lists.articles.map((a) => a.id), ['Q2', 'Q2'], 'a changed article: its metadata before and after');
    const retitled = { ...site, articles: site.articles.map((a) => (a.title.startsWith('Café') ? { ...a, title: 'Cafe' } : a)) };
    const changes = changesTo(retitled) as SiteChanges;
    assert.deepEqual(changes.ids, new Set(['q2']));
    // Q3's "cited by" answer lists Q2's metadata; Q1's lists Q2 and Q3
    assert.deepEqual(changes.citedBy, new Set(['q1']));
    assert.equal(changesTo(retitled, 0), 'more than 0 articles changed');
  });

  test('the other entries: citedBy, codes, similar lists and product paths, each by its key', () => {
    const next: SiteData = {
      ...site,
      products: [{ name: 'Gadget', slug: 'gadget-2', count: 3 }, { name: 'Widget', slug: 'widget', count: 4 }],
      citedBy: { Q1: ['Q2'], Q2: ['Q3'] },
      errorIndex: { 'winsock/wsaenotsock': { ...site.errorIndex['winsock/wsaenotsock']!, articles: [{ id: 'Q3', inTitle: true }] } },
      similar: { ...site.similar, Q2: ['Q3'] },
      totals: { ...site.totals, articles: 9 },
    };
    const changes = changesTo(next) as SiteChanges;
    assert.deepEqual({ ...changes, lists: undefined }, { ids: new Set(), citedBy: new Set(['q1']), codes: new Set(['winsock/wsaenotsock']), similar: new Set(['Q2']), products: new Set(['Gadget']), lists: undefined });
    assert.deepEqual(changes.lists.products, new Set(['Gadget', 'Widget']), 'a path changed, a count changed');
    const table = ['["ctx.articleById","Q1"]\t#a', '["ctx.productPath","Gadget"]\t"/product/gadget/"', '["ctx.productPath","Widget"]\t"/product/widget/"',
      '["related.citedBy","Q1"]\t[]', '["related.citedBy","Q2"]\t[]', '["related.codeArticles","winsock/wsaenotsock"]\t[]', '["related.similar","Q2"]\t[]', '["related.similar","Q1"]\t[]', ''].join('\n');
    assert.deepEqual(changedLookupNames(table, changes)?.sort(), ['["ctx.productPath","Gadget"]', '["related.citedBy","Q1"]', '["related.codeArticles","winsock/wsaenotsock"]', '["related.similar","Q2"]']);
    assert.equal(changedLookupNames('["ctx.somethingNew","x"]\t1\n', changes), null, 'a lookup of unknown dependence');
  });

  test('an ID whose articles changed answers in any case; a member of unknown meaning is refused', () => {
    const next = { ...site, articles: site.articles.filter((a) => a.permalink !== '/kb/1/q1-copy/') };
    const changes = changesTo(next) as SiteChanges;
    assert.deepEqual(changes.ids, new Set(['q1']));
    assert.deepEqual(changedLookupNames('["ctx.articleById","Q1"]\t1\n["related.articleById","q1"]\t1\n["ctx.articleById","Q2"]\t1\n', changes), ['["ctx.articleById","Q1"]', '["related.articleById","q1"]']);
    assert.match(siteChanges(bytes, Buffer.from(asciiJson(JSON.stringify({ ...site, extra: 1 }))), similarOf(site), 100) as string, /other members/);
  });
});
