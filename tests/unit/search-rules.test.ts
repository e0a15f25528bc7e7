/**
 * The search rules of issue 13 on an index built from records written here (no corpus needed):
 * word order and quoted phrases, typo correction and its limits, numbers in any spelling, pasted
 * addresses of every historic form, and case-insensitive completions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ArticleRecord, ErrorCodeMention } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { ADDRESS_RULES } from '../../lib/routes';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { fileLoader } from '../../lib/search/load-files';
import { useSearchIndex } from './search-fixture';
import { createSearcher, oneEditApart } from '../../lib/search/query';
import { queryNumberSpellings, tokenize } from '../../lib/search/tokenize';

function record(id: string, title: string, sections: Record<string, string>, extra: Partial<ArticleRecord> = {}): ArticleRecord {
  const number = Number(id.replace(/^\D+/, ''));
  return {
    id, number, title, permalink: `/kb/${String(number).padStart(6, '0').slice(0, 3)}/${id}/`,
    ...emptyPageFields(), lastModified: '2001-08-09',
    sections: Object.entries(sections).map(([kind, text]) => ({ kind, heading: kind.toUpperCase(), text, blocks: [] })),
    errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown', ...extra,
  };
}

const notSock: ErrorCodeMention = { key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock', value: 10038, spellings: ['10038'], where: ['title'] };
const irql: ErrorCodeMention = { key: 'bugcheck/irql_not_less_or_equal', name: 'IRQL_NOT_LESS_OR_EQUAL', family: 'bugcheck', value: 10, spellings: ['STOP 0xA'], where: ['symptoms'] };

const records: ArticleRecord[] = [
  // word order: the same words, side by side in one, scattered in the others
  record('Q200001', 'Mail Server Log Notes', { symptoms: 'The mail queue grows when the server restarts. A log shows it.' }),
  record('Q200002', 'Queue Notes for the Mail Server', { symptoms: 'When the server restarts, the queue of mail grows.' }),
  record('Q200003', 'Printing Trouble', { symptoms: 'Nothing prints.', cause: 'The server restarts and the mail queue grows without end.' }),
  // quoted phrases: the pair must stand in one section, in this order
  record('Q200004', 'Socket Handles', { symptoms: 'The handle is not a socket.' }),
  record('Q200005', 'Socket Handles Again', { symptoms: 'A socket is not closed here.' }),
  record('Q200006', 'Split Sections', { summary: 'This is not', symptoms: 'socket trouble at all.' }),
  // typos: cursor is in the vocabulary, cusor is not; pointer and printer are both one edit from ptinter
  record('Q200007', 'Cursor Disappears in Graphics Mode', { symptoms: 'The mouse cursor is not shown.' }),
  record('Q200008', 'Cursor Blinks Too Fast', { symptoms: 'The text cursor blinks.' }),
  record('Q200009', 'Cursor Shape Changes', { symptoms: 'A cursor changes shape.' }),
  record('Q200010', 'A Cusor Typo in the Help File', { symptoms: 'The help file spells cursor as cusor.' }),
  record('Q200011', 'Printer Driver Hangs', { symptoms: 'The printer stops.' }),
  record('Q200012', 'Printer Queue Stalls', { symptoms: 'The printer queue stalls.' }),
  record('Q200013', 'Pointer Moves Slowly', { symptoms: 'The mouse pointer is slow.' }),
  // numbers in any spelling, only in the text (no extracted code)
  record('Q200014', 'Setup Fails With an Exception', { symptoms: 'Setup stops with exception 0x0000007D in the log.' }),
  record('Q200015', 'Loader Reports a Status', { symptoms: 'The loader writes status 08004030 to the screen.' }),
  record('Q200016', 'Modem Dialer Error', { symptoms: 'The dialer reports Error 0352 and hangs up.' }),
  record('Q200017', 'BIOS Call', { 'more-information': 'The program calls interrupt 7Dh to reset.' }),
  record('Q200018', 'Counter Overflow at 100380', { symptoms: 'The counter wraps at 100380.' }),
  // codes and IDs for completions
  record('Q155738', 'Application Gets WSAENOTSOCK (10038)', { symptoms: 'A sockets program gets error 10038.' }, { errorCodes: [notSock] }),
  record('Q155739', 'Another Article Next to It', { symptoms: 'Nothing of note.' }),
  record('Q142608', 'Blue Screen on Boot', { symptoms: 'The computer stops with STOP 0xA.' }, { errorCodes: [irql] }),
  // cursor in 23 articles, cusor in one: far fewer, so cusor is tried as cursor too
  ...Array.from({ length: 20 }, (_, i) => record(`Q2101${String(i).padStart(2, '0')}`, `Display Note ${i + 1}`, { 'more-information': 'The cursor is drawn by the display driver.' })),
];

const index = useSearchIndex(records, 'kb-search-rules-');

const ids = async (query: string, options = {}) => (await index.searcher.search(query, { limit: 20, ...options })).results.map((r) => r.id);

test('words side by side in the query order rank above the same words scattered', async () => {
  const found = await ids('mail queue grows');
  assert.deepEqual(found.slice(0, 2), ['Q200001', 'Q200003'], JSON.stringify(found));
  assert.ok(found.includes('Q200002'));
  // the other order puts the article that has it first
  assert.equal((await ids('queue of mail'))[0], 'Q200002');
});

test('a pasted sentence with its stop words finds the article that has it, though every word is elsewhere too', async () => {
  assert.equal((await ids('when the server restarts, the queue of mail grows'))[0], 'Q200002');
});

test('a quoted phrase returns only the articles with its words side by side, in order, in one section; total counts them', async () => {
  const phrase = await index.searcher.search('"not a socket"');
  assert.deepEqual(phrase.results.map((r) => r.id), ['Q200004']);
  assert.equal(phrase.total, 1);
  // the same words unquoted find all three
  assert.equal((await index.searcher.search('not socket')).total >= 3, true);
  // in the wrong order: nothing
  assert.equal((await index.searcher.search('"socket a not"')).total, 0);
});

test('a mistyped word of 5+ letters is searched as its one-edit neighbour; the response says so', async () => {
  const response = await index.searcher.search('Cursr blinks');
  assert.deepEqual(response.results.map((r) => r.id), ['Q200008']);
  assert.deepEqual(response.correction, { query: 'cursor blinks', original: '"Cursr" blinks', words: [['cursr', 'cursor']] });
  for (const [typed, meant] of [['cursro', 'cursor'], ['cusor', 'cursor'], ['curssor', 'cursor'], ['cirsor', 'cursor']]) {
    const r = await index.searcher.search(`${typed} graphics`);
    assert.deepEqual(r.results.map((x) => x.id), ['Q200007'], typed);
    assert.deepEqual(r.correction?.words, [[typed, meant]], typed);
  }
});

test('an exact match ranks above corrected ones; a quoted word is never corrected', async () => {
  const found = await ids('cusor');
  assert.equal(found[0], 'Q200010');
  assert.equal(found.length, 20); // the limit: 24 articles have cursor or cusor
  assert.ok(found.includes('Q200007') && found.includes('Q200009'), JSON.stringify(found));
  assert.deepEqual(await ids('"cusor"'), ['Q200010']);
  assert.equal((await index.searcher.search('"cusor"')).correction, null);
});

test('the neighbour the other words agree with wins (ptinter: printer with queue, pointer with mouse)', async () => {
  assert.deepEqual(await ids('ptinter queue'), ['Q200012']);
  assert.deepEqual(await ids('ptinter mouse'), ['Q200013']);
});

test('short words, numbers, codes and IDs are never corrected', async () => {
  assert.equal((await index.searcher.search('cusr')).correction, null); // 4 letters
  assert.deepEqual(await ids('10039'), []);
  assert.equal((await index.searcher.search('10039')).correction, null);
  assert.deepEqual(await ids('Q155737'), []);
  assert.equal((await index.searcher.search('WSAENOTSOKC')).correction, null);
});

test('one edit: substitution, insertion, deletion and neighbour swap; nothing else', () => {
  for (const [a, b] of <[string, string][]>[['cursor', 'cursro'], ['cursor', 'cusor'], ['cursor', 'curssor'], ['cursor', 'cirsor'], ['cursor', 'ucrsor']]) assert.ok(oneEditApart(a, b), `${a} ${b}`);
  for (const [a, b] of <[string, string][]>[['cursor', 'cursor'], ['cursor', 'crusro'], ['cursor', 'cur'], ['cursor', 'rcusor']]) assert.ok(!oneEditApart(a, b), `${a} ${b}`);
});

test('suggestions while typing tolerate one typo', async () => {
  const response = await index.searcher.search('cusor graphi', { prefix: true });
  assert.ok(response.results.some((r) => r.id === 'Q200007'), JSON.stringify(response.results.map((r) => r.id)));
  const last = await index.searcher.search('graphics cusro', { prefix: true });
  assert.ok(last.results.some((r) => r.id === 'Q200007'), JSON.stringify(last.results.map((r) => r.id)));
});

test('a hex number matches in any spelling and padding anywhere in the text', async () => {
  // Q200014 writes 0x0000007D in its Symptoms, Q200017 7Dh further down
  for (const q of ['0x7D', '0x0000007D', '0000007D', '7Dh', '0x7d', '007Dh']) assert.deepEqual(await ids(q), ['Q200014', 'Q200017'], q);
  for (const q of ['0x8004030', '08004030', '0x08004030']) assert.deepEqual(await ids(q), ['Q200015'], q);
});

test('a decimal error number matches with or without its leading zeros after error/Err; 10038 never matches 100380', async () => {
  for (const q of ['352', 'error 352', 'Err 352', '0352', 'error 0352']) assert.deepEqual(await ids(q), ['Q200016'], q);
  assert.ok(!(await ids('10038')).includes('Q200018'));
  assert.ok(!(await ids('100380')).includes('Q155738'));
  assert.deepEqual(tokenize('port 0352'), ['port', '0352']); // leading zeros keep their value only after error/err
});

test('a query token is hex with 0x, a trailing h, a letter a-f, or 8 digits (then decimal too)', () => {
  assert.deepEqual(queryNumberSpellings('7dh'), ['0x7d']);
  assert.deepEqual(queryNumberSpellings('c0000005'), ['0xc0000005']);
  assert.deepEqual(queryNumberSpellings('08004030'), ['0x8004030', '8004030']);
  assert.deepEqual(queryNumberSpellings('10038'), []);
  assert.deepEqual(queryNumberSpellings('0352'), ['352']);
  assert.deepEqual(queryNumberSpellings('cursor'), []);
});

/** Every example of every address rule, with and without host and scheme, names article 155738. */
test('every historic address form, pasted whole, puts its article first', async () => {
  const hosts = ['', 'support.microsoft.com', 'http://support.microsoft.com', 'https://support.microsoft.com'];
  let checked = 0;
  for (const rule of ADDRESS_RULES) {
    for (const example of rule.examples) {
      for (const host of hosts) {
        if (!host && !example.startsWith('/')) continue;
        const query = `${host}${example}`;
        assert.equal((await ids(query))[0], 'Q155738', `${rule.name}: ${query}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= ADDRESS_RULES.length * 4, String(checked));
  for (const query of ['support.microsoft.com/support/kb/articles/Q142/6/08.asp', 'http://www.microsoft.com/kb/articles/q142/6/08.htm', 'support.microsoft.com/kb/142608/en-us']) {
    assert.equal((await ids(query))[0], 'Q142608', query);
  }
});

test('completions are case-insensitive and cover codes, symbolic names and article numbers', async () => {
  for (const q of ['wsaeno', 'WSAENO', 'WsaEno']) {
    const r = await index.searcher.search(q, { prefix: true });
    assert.ok(r.completions.includes('wsaenotsock'), `${q}: ${JSON.stringify(r.completions)}`);
    assert.equal(r.results[0]?.id, 'Q155738', q);
  }
  const irqlPrefix = await index.searcher.search('IRQL_NOT', { prefix: true });
  assert.ok(irqlPrefix.completions.includes('irql_not_less_or_equal'), JSON.stringify(irqlPrefix.completions));
  assert.equal(irqlPrefix.results[0]?.id, 'Q142608');
  for (const q of ['Q1557', 'q1557', 'KB1557']) {
    const r = await index.searcher.search(q, { prefix: true });
    assert.deepEqual(r.completions, ['q155738', 'q155739'], q);
    assert.deepEqual(r.results.map((x) => x.id).slice(0, 2), ['Q155738', 'Q155739'], q);
  }
});

test('word pairs most articles have are left out and listed; a phrase is then checked by its other pairs', async () => {
  const small = mkdtempSync(path.join(tmpdir(), 'kb-search-pairs-'));
  try {
    const builder = createSearchIndexBuilder({ commonRatio: 0.5, commonMinDocs: 1 });
    builder.add(record('Q300001', 'One', { symptoms: 'The end of the road.' }));
    builder.add(record('Q300002', 'Two', { symptoms: 'The end of the line.' }));
    builder.add(record('Q300003', 'Three', { symptoms: 'Most of the time the road ends.' }));
    builder.add(record('Q300004', 'Four', { symptoms: 'A road to nowhere.' }));
    await builder.finish(small);
    const s = createSearcher(fileLoader(small));
    const m = await s.meta();
    // "of the" is in 3 of 4 articles: out of pairs/, its hash in meta
    assert.equal(m.commonPairs.length, 1);
    assert.deepEqual((await s.search('"end of the road"')).results.map((r) => r.id), ['Q300001']);
    // "of the" cannot be checked: "the road" decides (Q300003 has "the road" but not "of the road")
    assert.deepEqual((await s.search('"of the road"')).results.map((r) => r.id), ['Q300001', 'Q300003']);
    // nothing but the common pair: the phrase cannot be checked; its stop words match titles only, as words
    assert.deepEqual((await s.search('"of the"')).results.map((r) => r.id), []);
    assert.deepEqual((await s.search('"the end of the"')).results.map((r) => r.id), ['Q300001', 'Q300002']);
  } finally {
    rmSync(small, { recursive: true, force: true });
  }
});
