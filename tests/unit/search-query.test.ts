/**
 * Query semantics and ranking on an index built from records written here (no corpus needed).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ArticleRecord, ErrorCodeMention } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { fileLoader } from '../../lib/search/load-files';
import { useSearchIndex } from './search-fixture';
import { createSearcher } from '../../lib/search/query';
import { FILES_PER_HASH, storedName, type SearchMeta } from '../../lib/search/format';

function record(id: string, title: string, sections: Record<string, string>, extra: Partial<ArticleRecord> = {}): ArticleRecord {
  const number = Number(id.replace(/^\D+/, ''));
  return {
    id, number, title, permalink: `/kb/${String(number).padStart(6, '0').slice(0, 3)}/${id}/`,
    ...emptyPageFields(), products: ['Widget Server'], lastModified: '2001-08-09',
    sections: Object.entries(sections).map(([kind, text]) => ({ kind, heading: kind.toUpperCase(), text, blocks: [] })),
    errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown', ...extra,
  };
}

const irql = (where: string[]): ErrorCodeMention => ({
  key: 'bugcheck/irql_not_less_or_equal', name: 'IRQL_NOT_LESS_OR_EQUAL', family: 'bugcheck', value: 10, spellings: ['STOP 0xA'], where,
});

const records: ArticleRecord[] = [
  record('Q100001', 'Gadget Tool Reports Socket Failure 100380', { symptoms: 'The tool stops with code 100380 when the spool fills.' }),
  record('Q100002', 'Spooler Halts After 1003 Retries', { symptoms: 'After 1003 retries the spooler halts.' }),
  record('Q155738', 'Application Coding Mistake Gives Error 10038 (WSAENOTSOCK)', { symptoms: 'A sockets program can get error 10038 from calls on a closed handle.' }),
  record('Q100003', 'Gadget Fails Reading Large Spool Files', { symptoms: 'Reading a spool file larger than the cache fails.', 'more-information': 'See Q155738 for the socket case.' }),
  record('Q100004', 'Cache Sizes in Gadget Server', { summary: 'This article lists cache sizes.', 'more-information': 'Spool files read through a small buffer.' }),
  record('Q100005', 'Buffer Limits Explained', { summary: 'Limits of the buffer.', 'more-information': 'A large spool file slows the buffer pool.' }),
  record('Q100006', 'Blue Screen STOP 0x0000000A After Driver Update', { symptoms: 'The computer stops with a blue screen.' }, { errorCodes: [irql(['title'])] }),
  record('Q100007', 'Driver Crashes on Resume', { symptoms: 'You see Stop 0xA on resume.' }, { errorCodes: [irql(['symptoms'])], products: ['Gizmo OS'], lastModified: '1998-02-01' }),
  record('Q100008', 'The Quick Brown Fox Utility', { summary: 'The fox jumps over the lazy dog report.' }),
  record('Q100009', 'Lazy Report Generation', { summary: 'The dog report is lazy about the fox jumps.' }),
];

const index = useSearchIndex(records, 'kb-search-');

/** A file name without the content hash it is stored under (`terms/0.1a2b3c4d.json` → `terms/0.json`). */
const unbuilt = (name: string): string => name.replace(/\.[0-9a-f]{8}\.json$/, '.json');

/** Every file below `dir`, relative, sorted. */
const filesIn = (dir: string): string[] => (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
  .filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

test('each index file is named by its content: a rebuild rewrites only the files whose bytes changed, and a reader never mixes two builds', async () => {
  const other = mkdtempSync(path.join(tmpdir(), 'kb-search-build-'));
  try {
    const build = async (list: ArticleRecord[]) => {
      const b = createSearchIndexBuilder({ termFiles: 40, pairFiles: 40 });
      for (const r of list) b.add(r);
      const done = await b.finish(other);
      return { ...done, meta: JSON.parse(readFileSync(path.join(other, 'meta.json'), 'utf8')) as SearchMeta, files: filesIn(other) };
    };
    const first = await build(records);
    assert.match(first.meta.build, /^[0-9a-f]{12}$/);
    assert.ok(first.files.every((f) => f === 'meta.json' || /^(?:[a-z]+\/)?[0-9a-z]+\.[0-9a-f]{8}\.json$/.test(f)), first.files.join(' '));
    for (const f of first.files.filter((name) => name !== 'meta.json')) assert.equal(storedName(first.meta, unbuilt(f)), f);
    const again = await build(records);
    assert.deepEqual(again.files, first.files, 'same records, same files');
    assert.equal(again.written, 1, 'only meta.json is written again');
    // an edit changes some files and keeps the names (and bytes) of the rest
    const edited = await build(records.map((r) => (r.id === 'Q100002' ? { ...r, title: 'Spooler Halts After 1003 Retries on Tuesdays' } : r)));
    const kept = edited.files.filter((f) => f !== 'meta.json' && first.files.includes(f));
    const changed = edited.files.filter((f) => !first.files.includes(f)).map(unbuilt);
    // the new title words `on`, `tuesdays` and their two pairs: the files of at most two groups of
    // term files and two of pair files (a group's FILES_PER_HASH files share one name hash)
    const groupsOf = (prefix: string) => new Set(changed.filter((f) => f.startsWith(prefix)).map((f) => Math.floor(Number(/\d+/.exec(f)![0]) / FILES_PER_HASH)));
    assert.ok(groupsOf('terms/').size <= 2 && groupsOf('pairs/').size <= 2, changed.join(' '));
    assert.ok(changed.includes('docs/0.json'), changed.join(' '));
    assert.ok(edited.written > 1 && edited.written < edited.files.length / 2, `${edited.written} of ${edited.files.length} files written`);
    assert.equal(kept.length, edited.files.length - edited.written, 'every file not written kept its name');
    assert.ok(!edited.files.some((f) => !f.includes('.') || /^[0-9a-f]{12}\//.test(f)), 'nothing of an older layout is left');
    assert.deepEqual((await createSearcher(fileLoader(other)).search('tuesdays')).results.map((r) => r.id), ['Q100002']);
    // a page that loaded the first meta.json before the deploy: it fails rather than read the new build's files
    const stale = createSearcher((name) => (name === 'meta.json' ? Promise.resolve(first.meta) : fileLoader(other)(name)));
    await assert.rejects(stale.search('spooler'), /cannot read/);
    // the files of the first build that the edit did not change are shared, byte for byte
    assert.ok(kept.length > 0);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

const ids = async (query: string, options = {}) => (await index.searcher.search(query, { limit: 20, ...options })).results.map((r) => r.id);

test('numbers match whole: 10038 finds the Winsock article, never 100380 or 1003', async () => {
  assert.deepEqual(await ids('10038'), ['Q155738']);
  assert.deepEqual(await ids('1003'), ['Q100002']);
});

test('an article number in any spelling puts that article first, then articles citing it', async () => {
  for (const q of ['Q155738', 'q155738', 'KB155738', 'kb 155738', '155738']) {
    assert.deepEqual(await ids(q), ['Q155738', 'Q100003'], q);
  }
});

test('ranking: title match, then summary/symptoms, then the rest', async () => {
  assert.deepEqual(await ids('spool'), ['Q100003', 'Q100001', 'Q100004', 'Q100005']);
});

test('all words must match; when none has all, the best partial matches are shown and the result says so', async () => {
  assert.deepEqual(await ids('large spool'), ['Q100003', 'Q100005']);
  const response = await index.searcher.search('spool zebra');
  assert.match(response.fallback ?? '', /No article has all the words; showing articles with 1 of 2 \(no article has: zebra\)/);
  assert.ok(response.results.length > 0);
  assert.equal((await index.searcher.search('large spool')).fallback, null);
});

test('a quoted phrase finds only the articles that contain it', async () => {
  assert.deepEqual(await ids('"fox jumps"'), ['Q100008', 'Q100009']);
  assert.deepEqual(await ids('"lazy dog"'), ['Q100008']);
  assert.deepEqual(await ids('lazy dog'), ['Q100008', 'Q100009']);
});

test('error codes match across spellings and show the code card', async () => {
  const expected = ['Q100006', 'Q100007'];
  for (const q of ['0x0000000A', 'stop 0xa', 'STOP 0xA', 'IRQL_NOT_LESS_OR_EQUAL']) {
    const response = await index.searcher.search(q);
    assert.deepEqual(response.results.map((r) => r.id), expected, q);
    assert.equal(response.codeCard[0]?.name, 'IRQL_NOT_LESS_OR_EQUAL', q);
    assert.equal(response.codeCard[0]?.href, '/error/bugcheck/irql_not_less_or_equal/');
  }
});

test('prefix match on the last word while typing', async () => {
  const response = await index.searcher.search('spoo', { prefix: true });
  assert.ok(response.completions.includes('spooler'), JSON.stringify(response.completions));
  assert.ok(response.results.some((r) => r.id === 'Q100002'));
  assert.deepEqual(await ids('spoo'), []);
});

test('stop words alone still find titles', async () => {
  assert.ok((await ids('the')).includes('Q100008'));
});

test('filters by product and year', async () => {
  assert.deepEqual(await ids('stop 0xa', { product: 'Gizmo OS' }), ['Q100007']);
  assert.deepEqual(await ids('stop 0xa', { year: 2001 }), ['Q100006']);
});

test('results carry snippet, section and highlights that point at the matched words', async () => {
  const [first] = (await index.searcher.search('closed handle')).results;
  assert.ok(first);
  assert.equal(first.id, 'Q155738');
  assert.equal(first.section, 'symptoms');
  assert.deepEqual(first.snippet.highlights.map(([s, e]) => first.snippet.text.slice(s, e)), ['closed', 'handle']);
  assert.equal(first.permalink, '/kb/155/Q155738/');
  assert.equal(first.lastModified, '2001-08-09');
});

test('warm() loads what any query may need; a code query after it reads only term and doc files', async () => {
  const loader = fileLoader(index.dir);
  const warmed = createSearcher(loader);
  await warmed.warm();
  // every file but meta.json is read from the build's folder
  assert.deepEqual([...loader.filesRead].map(unbuilt).sort(), ['codes.json', 'meta.json']);
  const before = loader.filesRead.length;
  const response = await warmed.search('stop 0xa');
  assert.deepEqual(response.results.map((r) => r.id), ['Q100006', 'Q100007']);
  const read = loader.filesRead.slice(before);
  assert.ok(read.length > 0 && read.every((name) => /^(terms|docs)\/\d+\.[0-9a-f]{8}\.json$/.test(name)), JSON.stringify(read));
});

test('a word query never fetches the code table', async () => {
  const loader = fileLoader(index.dir);
  await createSearcher(loader).search('spool');
  assert.ok(!loader.filesRead.map(unbuilt).includes('codes.json'), JSON.stringify(loader.filesRead));
});
