/**
 * The pages step of a rebuild (lib/build/write-pages.ts): a page is drawn again only when something
 * it is drawn from changed (its record, a lookup's answer such as a cited article's title, what a
 * list page lists), the rest are left as they are, and the rebuilt tree equals a cold one. Five
 * articles: A cites B (product Widget), C and D are of product Gadget, E of Widget mentions an error
 * code. Each step rebuilds the store the way a build does (record cache, store pack linked to it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { countLines, formatPageState, lookupName, parsePageState, parseStateFile, pathsNaming, recordingGroups, replayLookups, snapshotFiles, stateFileLine, type PageState } from '../../lib/build/page-inputs';
import { createSiteDataBuilder, type SiteData } from '../../lib/build/site-data';
import { createStoreWriter } from '../../lib/build/store-write';
import { asciiJson, readText } from '../../lib/build/read-text';
import { writePages, type TakenLayout, type WritePagesResult } from '../../lib/build/write-pages';
import { writeSiteLayout } from '../../lib/build/site-snapshot';
import { archiveArticle, contentFolder } from './load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const box = mkdtempSync(path.join(tmpdir(), 'kb-write-pages-'));
const content = contentFolder({
  'a.md': archiveArticle({ id: 'Q900501', title: 'Widget setup fails', body: 'Setup stops at the driver step. See article Q900502 for the driver.' }),
  'b.md': archiveArticle({ id: 'Q900502', title: 'Widget driver', body: 'The widget driver loads at startup.' }),
  'c.md': archiveArticle({ id: 'Q900503', title: 'Gadget battery drains', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight.' }),
  'd.md': archiveArticle({ id: 'Q900504', title: 'Gadget screen flickers', product: 'Fabrikam Gadget', body: 'The gadget screen flickers when dimmed.' }),
  'e.md': archiveArticle({ id: 'Q900505', title: 'Widget socket error', body: 'Calls fail with error 10038 (WSAENOTSOCK) on a closed socket.' }),
});
const store = path.join(box, 'store');
const cache = path.join(box, 'cache');
const config = { basePath: '', siteUrl: 'http://localhost:3000' };
after(() => { for (const d of [box, content]) rmSync(d, { recursive: true, force: true }); });

/** Loads `content` into the store as a build does: records in the cache's pack, the store's pack linked to it. */
async function buildStore(): Promise<void> {
  const writer = createStoreWriter(store);
  const site = createSiteDataBuilder();
  const report = await loadContent({ contentDir: content, cacheDir: cache, workers: 0, onRecord: (record, _terms, place) => {
    if (place) writer.refer(record, place);
    else writer.write(record);
    site.add(record);
  } });
  writer.finish(site.finish(), report.pack);
}

/** Writes the pages of the current store into `out` (its state file next to it). */
function pages(out: string, usePrevious = true, workers = 1, layout?: TakenLayout): Promise<WritePagesResult> {
  process.env.KB_STORE_DIR = store;
  return writePages(root, { outDir: out, config }, { stateFile: `${out}.pages.tsv`, usePrevious, workers, checkThreads: workers, layout });
}

/** Every page's state line by path. */
const states = (out: string): Map<string, string> => parseStateFile(readFileSync(`${out}.pages.tsv`, 'utf8'));

/** The state file's lines as written (a rebuild appends: a path may have more than one). */
const stateLines = (out: string): number => countLines(readFileSync(`${out}.pages.tsv`, 'utf8'));

/** The paths whose state line differs between two state files (a page drawn from other inputs). */
function changed(before: Map<string, string>, now: Map<string, string>): string[] {
  return [...now].filter(([p, s]) => before.get(p) !== s).map(([p]) => p).sort();
}

/** Every file below `dir` with its bytes. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), readFileSync(path.join(entry.parentPath, entry.name), 'latin1'));
  }
  return files;
}

describe('writePages: a rebuild draws only what changed', () => {
  const out = path.join(box, 'out');
  let first: Map<string, string>;

  test('a cold run draws and writes every page', async () => {
    await buildStore();
    const r = await pages(out);
    assert.ok(r.pages > 10, `pages: ${r.pages}`);
    assert.equal(r.drawn, r.pages);
    assert.equal(r.written, r.pages);
    first = states(out);
    assert.equal(first.size, r.pages);
    assert.ok(first.has('/product/fabrikam-gadget/') && first.has('/error/') && first.has('/'), [...first.keys()].join(' '));
  });

  test('nothing changed: no page is drawn, list, product and error pages included', async () => {
    await buildStore();
    const r = await pages(out);
    assert.equal(r.drawn, 0);
    assert.equal(r.written, 0);
    assert.equal(r.checked, 0, 'the lookups table tells every page unchanged without checking it in full');
    assert.deepEqual(states(out), first);
  });

  test('without the lookups table every page is checked in full (and none drawn); the table is written again', async () => {
    rmSync(`${out}.pages.tsv.lookups`);
    const r = await pages(out);
    assert.equal(r.checked, r.pages);
    assert.equal(r.drawn, 0);
    assert.deepEqual(states(out), first);
    assert.equal((await pages(out)).checked, 0);
  });

  test('a retitled article redraws itself, the article citing it and the lists showing its title; nothing of the other product', async () => {
    writeFileSync(path.join(content, 'b.md'), archiveArticle({ id: 'Q900502', title: 'Widget driver, retitled', body: 'The widget driver loads at startup.' }));
    await buildStore();
    const linesBefore = stateLines(out);
    const r = await pages(out);
    const drawn = changed(first, states(out));
    assert.ok(drawn.length > 0);
    assert.equal(stateLines(out), linesBefore + drawn.length, 'the lines of the pages drawn anew are appended, the others left as they are');
    assert.equal(r.drawn, drawn.length);
    assert.ok(r.checked >= r.drawn && r.checked < r.pages, `checked in full: ${r.checked} of ${r.pages}`);
    assert.ok(r.selected, `the selective check took it: ${r.quickMissed}`);
    // the same change told by a quick check split between two threads (each asks its part of the lookups)
    const again = path.join(box, 'out-two');
    const two = await (async () => {
      writeFileSync(path.join(content, 'b.md'), archiveArticle({ id: 'Q900502', title: 'Widget driver', body: 'The widget driver loads at startup.' }));
      await buildStore();
      await pages(again, false);
      writeFileSync(path.join(content, 'b.md'), archiveArticle({ id: 'Q900502', title: 'Widget driver, retitled', body: 'The widget driver loads at startup.' }));
      await buildStore();
      const before = states(again);
      const result = await pages(again, true, 2);
      return { result, drawn: changed(before, states(again)) };
    })();
    assert.equal(two.result.workers, 2);
    assert.deepEqual(two.drawn, drawn);
    assert.deepEqual(tree(again), tree(out));
    for (const p of ['/kb/900/Q900501/', '/kb/900/Q900502/', '/product/contoso-widget/', '/kb/900/']) assert.ok(drawn.includes(p), `${p} drawn: ${drawn.join(' ')}`);
    for (const p of ['/kb/900/Q900503/', '/kb/900/Q900504/', '/product/fabrikam-gadget/', '/', '/error/', '/search/']) assert.ok(!drawn.includes(p), `${p} not drawn: ${drawn.join(' ')}`);
    assert.match(readFileSync(path.join(out, 'kb', '900', 'Q900501', 'index.html'), 'utf8'), /Widget driver, retitled/, "A's citation shows B's new title");
  });

  test('an article added to a product redraws that product\'s page and the home page; a deleted one is removed', async () => {
    const before = states(out);
    writeFileSync(path.join(content, 'f.md'), archiveArticle({ id: 'Q900506', title: 'Gadget charger hums', product: 'Fabrikam Gadget', body: 'The gadget charger hums.' }));
    rmSync(path.join(content, 'd.md'));
    await buildStore();
    const linesBefore = stateLines(out);
    const r = await pages(out);
    assert.ok(r.selected, `the selective check took it: ${r.quickMissed}`);
    const drawn = changed(before, states(out));
    const gone = [...before.keys()].filter((p) => !states(out).has(p));
    assert.deepEqual(gone, ['/kb/900/Q900504/']);
    assert.equal(stateLines(out), linesBefore + drawn.length + gone.length, 'a line for each page drawn anew or added, and one saying the deleted page is gone');
    for (const p of ['/kb/900/Q900506/', '/product/fabrikam-gadget/']) assert.ok(drawn.includes(p), `${p} drawn: ${drawn.join(' ')}`);
    assert.ok(!drawn.includes('/kb/900/Q900501/'), drawn.join(' '));
    assert.equal(r.removed, 1);
    assert.ok(!states(out).has('/kb/900/Q900504/'));
    assert.ok(!readdirSync(path.join(out, 'kb', '900')).includes('Q900504'));
  });

  test('the rebuilt tree equals a cold run on the same store, byte for byte', async () => {
    const cold = path.join(box, 'cold');
    const r = await pages(cold, false);
    assert.equal(r.drawn, r.pages);
    const built = tree(out);
    const fresh = tree(cold);
    assert.deepEqual([...built.keys()].sort(), [...fresh.keys()].sort());
    for (const [file, bytes] of fresh) assert.ok(bytes === built.get(file), `${file} differs from the cold run's`);
    assert.deepEqual(states(out), states(cold), 'the same state lines: the inputs are hashed alike drawn or not');
    assert.ok(stateLines(out) > stateLines(cold), 'the rebuilt state holds the lines its rebuilds appended');
  });

  test('a state file of mostly stale lines is written anew, one line per page', async () => {
    const good = states(out);
    const stale = [...good].map(([p, s]) => stateFileLine(p, s)).join('');
    writeFileSync(`${out}.pages.tsv`, stale.repeat(100));
    const r = await pages(out);
    assert.equal(r.drawn, 0);
    assert.equal(stateLines(out), r.pages);
    assert.deepEqual(states(out), good);
  });

  test('a build that fails leaves no state: the next draws every page', async () => {
    const good = states(out);
    const blocked = path.join(box, 'blocked');
    writeFileSync(blocked, '');
    // out/ is a file now: no page can be written, and writePages fails after setting the state aside
    const failing = writePages(root, { outDir: blocked, config }, { stateFile: `${out}.pages.tsv`, usePrevious: true, workers: 1 });
    writeFileSync(path.join(content, 'c.md'), archiveArticle({ id: 'Q900503', title: 'Gadget battery drains fast', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight.' }));
    await buildStore();
    await assert.rejects(failing);
    assert.throws(() => readFileSync(`${out}.pages.tsv`), /ENOENT/);
    const r = await pages(out);
    assert.equal(r.drawn, r.pages);
    assert.equal(stateLines(out), r.pages);
    assert.notDeepEqual(states(out), good);
    assert.match(readFileSync(path.join(out, 'kb', '900', 'Q900503', 'index.html'), 'utf8'), /drains fast/);
  });

  test('a damaged state file draws and writes the pages again instead of trusting it', async () => {
    const good = states(out);
    writeFileSync(`${out}.pages.tsv`, [...good].map(([p, s]) => stateFileLine(p, s.replace(/\t\d+\t/, '\tx\t'))).join(''));
    const r = await pages(out);
    assert.equal(r.drawn, r.pages);
    assert.equal(r.written, r.pages);
    assert.deepEqual(states(out), good);
  });
});

describe('threads', () => {
  test('a rebuild that can check quickly starts one thread; one without the lookups table starts them all', async () => {
    const out = path.join(box, 'out-threads');
    process.env.KB_STORE_DIR = store;
    const run = (usePrevious: boolean): Promise<WritePagesResult> => writePages(root, { outDir: out, config }, { stateFile: `${out}.pages.tsv`, usePrevious, workers: 2 });
    const cold = await run(false);
    assert.equal(cold.workers, 2);
    const quick = await run(true);
    assert.equal(quick.workers, 1);
    assert.equal(quick.drawn, 0);
    assert.equal(quick.pages, cold.pages);
    rmSync(`${out}.pages.tsv.lookups`);
    const full = await run(true);
    assert.equal(full.workers, 2);
    assert.equal(full.checked, full.pages);
    assert.equal(full.drawn, 0);
  });
});

describe('page state lines', () => {
  const lookups: PageState['lookups'] = [['ctx.productPath', 'Tab\there, line\nbreak, "quotes"'], ['related.citedBy', 'Q1']];
  const state: PageState = { hash: 'h4sh', size: 1234, inputs: 'inpu7s', data: 'd4ta', lookups, lookupsText: JSON.stringify(lookups) };

  test('a state survives formatting and parsing, tabs and line breaks in lookups included', () => {
    assert.deepEqual(parsePageState(formatPageState(state)), state);
  });

  test('a state file keeps each path with its line, whatever the path holds', () => {
    const paths = ['/kb/155/Q155738/', '/odd\tpath/\n/', '/"quoted"/'];
    const text = paths.map((p, i) => stateFileLine(p, formatPageState({ ...state, size: i }))).join('');
    const read = parseStateFile(text);
    assert.deepEqual([...read.keys()], paths);
    assert.equal(parsePageState(read.get('/odd\tpath/\n/') ?? '')?.size, 1);
  });

  test('pathsNaming finds the lines naming any of some lookups, by a search each or one pass over them all', () => {
    const line = (sitePath: string, lookups: [string, string][]): string => stateFileLine(sitePath, formatPageState({ hash: 'h', size: 1, inputs: 'i', data: 'd', lookupsText: JSON.stringify(lookups) }));
    const state = Buffer.from([
      line('/kb/1/Q1/', [['ctx.articleById', 'Q2'], ['related.similar', 'Q1']]),
      line('/kb/1/Q2/', [['ctx.productPath', 'Café "Ü" \\ tools'], ['related.citedBy', 'Q2']]),
      line('/product/caf/', [['ctx.articleById', 'Q9']]),
      line('/kb/1/Q3/', [['related.similar', 'Q3']]),
    ].join(''));
    const names = [lookupName('ctx.productPath', 'Café "Ü" \\ tools'), lookupName('related.similar', 'Q1'), lookupName('ctx.articleById', 'Q404')];
    const few = pathsNaming(state, names);
    assert.deepEqual([...few].sort(), ['/kb/1/Q1/', '/kb/1/Q2/']);
    // more names than a search each is worth: one pass, the same answer
    const many = [...names, ...Array.from({ length: 20 }, (_, i) => lookupName('ctx.articleById', `Q${1000 + i}`))];
    assert.deepEqual([...pathsNaming(state, many)].sort(), ['/kb/1/Q1/', '/kb/1/Q2/']);
    assert.deepEqual([...pathsNaming(state, [...many, lookupName('ctx.articleById', 'Q9')])].sort(), ['/kb/1/Q1/', '/kb/1/Q2/', '/product/caf/']);
    assert.deepEqual(pathsNaming(state, []).size, 0);
  });

  test('a later line of a path wins, and an empty one says the page is gone', () => {
    const a = formatPageState({ ...state, size: 1 });
    const b = formatPageState({ ...state, size: 2 });
    const text = stateFileLine('/x/', a) + stateFileLine('/y/', a) + stateFileLine('/x/', b) + stateFileLine('/y/', '');
    assert.deepEqual([...parseStateFile(text)], [['/x/', b]]);
    assert.deepEqual([...parseStateFile(text + stateFileLine('/y/', a))], [['/x/', b], ['/y/', a]]);
  });

  test('a state file is read as written, ASCII or not', () => {
    for (const sitePath of ['/kb/155/Q155738/', '/product/caf\u00e9-\u65e5\u672c/', '/emoji/\u{1f600}/']) {
      const file = path.join(box, 'read-state.tsv');
      const text = stateFileLine(sitePath, formatPageState(state));
      writeFileSync(file, text);
      assert.equal(readText(file), text);
      assert.deepEqual([...parseStateFile(readText(file)).keys()], [sitePath]);
    }
  });

  test('a line that is not a state is refused (its page is drawn)', () => {
    for (const bad of ['', 'h\t1\ti', 'h\tx\ti\td\t[]', 'h\t1\ti\td\t[["a"]]', 'h\t1\ti\td\tnot json', 'h\t1\ti\t\t[]', 'h\t1\ti\t[]']) assert.equal(parsePageState(bad), null, bad);
  });
});

describe('record digests', () => {
  test('a store with a pack of its own (no record cache): equal records give equal digests, another record another', async () => {
    const { readPackedDigest } = await import('../../lib/build/store-pack');
    const dirs = ['own-a', 'own-b'].map((name) => path.join(box, name));
    for (const dir of dirs) {
      const writer = createStoreWriter(dir);
      const site = createSiteDataBuilder();
      await loadContent({ contentDir: content, cacheDir: null, workers: 0, onRecord: (record) => { writer.write(record); site.add(record); } });
      writer.finish(site.finish());
    }
    const [a, b] = dirs as [string, string];
    const digestA = readPackedDigest(a, '/kb/900/Q900501/');
    assert.match(digestA ?? '', /^s/, 'a sha1 of the stored bytes');
    assert.equal(readPackedDigest(b, '/kb/900/Q900501/'), digestA);
    assert.notEqual(readPackedDigest(b, '/kb/900/Q900502/'), digestA);
    assert.equal(readPackedDigest(b, '/kb/900/Q900599/'), null);
  });
});

describe('recorded lookups', () => {
  /** Lookup groups over a site whose code K is mentioned by `ids`, and article metadata by ID. */
  const groupsOf = (ids: string[], titles: Record<string, string>) => {
    const metas = new Map(Object.entries(titles).map(([id, title]) => [id, { id, title }]));
    return { related: { codeArticles: (key: string) => (key === 'K' ? ids.slice() : []), articleById: (id: string) => metas.get(id) }, ctx: { basePath: '' } };
  };
  const many = Array.from({ length: 40 }, (_, i) => `Q${900600 + i}`);

  test('a replay on equal site data gives the answers recorded; a changed answer, long list or object, another', () => {
    const before = groupsOf(many, { Q1: 'One' });
    const recording = recordingGroups(before);
    recording.groups.related.codeArticles('K');
    recording.groups.related.codeArticles('K');
    recording.groups.related.articleById('Q1');
    assert.deepEqual(recording.lookups, [['related.codeArticles', 'K'], ['related.articleById', 'Q1']], 'each lookup once');
    assert.deepEqual(replayLookups(groupsOf(many, { Q1: 'One' }), recording.lookups), recording.answers);
    // one more article mentions the code: the list is long (keyed by digest), still told apart
    const grown = replayLookups(groupsOf([...many, 'Q900699'], { Q1: 'One' }), recording.lookups);
    assert.notEqual(grown[0], recording.answers[0]);
    const retitled = replayLookups(groupsOf(many, { Q1: 'One, retitled' }), recording.lookups);
    assert.equal(retitled[0], recording.answers[0]);
    assert.notEqual(retitled[1], recording.answers[1]);
    assert.deepEqual(replayLookups(groupsOf(many, {}), recording.lookups)[1], '~', 'an article gone answers undefined');
    assert.deepEqual(replayLookups({ ctx: {} }, recording.lookups), ['!', '!'], 'a method gone');
  });
});

describe('writePages: the quick check of a rebuild whose site data changed in its similar articles only', () => {
  const out = path.join(box, 'quick');
  const coldEquals = async (name: string): Promise<void> => {
    const cold = path.join(box, `quick-cold-${name}`);
    await pages(cold, false);
    const built = tree(out);
    const fresh = tree(cold);
    assert.deepEqual([...built.keys()].sort(), [...fresh.keys()].sort());
    for (const [file, bytes] of fresh) assert.ok(bytes === built.get(file), `${file} differs from the cold run's`);
    assert.deepEqual(states(out), states(cold), 'the same state lines');
  };
  const siteFile = (): string => path.join(store, 'site.json');

  test('an edit of an article\'s text draws its page alone, without the site data or the lookups table; the tree is a cold run\'s', async () => {
    await buildStore();
    await pages(out, false);
    assert.ok(readFileSync(`${out}.pages.tsv.site.json`, 'utf8').length > 0, 'the cold run kept a snapshot');
    writeFileSync(path.join(content, 'e.md'), archiveArticle({ id: 'Q900505', title: 'Widget socket error', body: 'Calls fail with error 10038 (WSAENOTSOCK) on a closed socket. Reopen the socket first.' }));
    await buildStore();
    const before = states(out);
    const lines = stateLines(out);
    const r = await pages(out);
    assert.equal(r.quick, true, r.quickMissed);
    assert.equal(r.workers, 1);
    assert.ok(r.drawn >= 1 && r.checked === r.drawn, `drawn ${r.drawn}, checked ${r.checked}`);
    const drawn = changed(before, states(out));
    assert.ok(drawn.includes('/kb/900/Q900505/'), drawn.join(' '));
    assert.ok(drawn.every((p) => p.startsWith('/kb/900/Q')), `only article pages: ${drawn.join(' ')}`);
    assert.deepEqual(r.writtenPaths, ['/kb/900/Q900505/']);
    assert.equal(stateLines(out), lines + drawn.length);
    assert.equal(r.pages, before.size);
    assert.match(readFileSync(path.join(out, 'kb', '900', 'Q900505', 'index.html'), 'utf8'), /Reopen the socket first/);
    await coldEquals('edit');
  });

  test('a changed list of similar articles draws the page showing it, whichever article it is', async () => {
    const site = JSON.parse(readFileSync(siteFile(), 'utf8')) as SiteData;
    assert.notDeepEqual(site.similar.Q900501, ['Q900505']);
    site.similar.Q900501 = ['Q900505'];
    writeFileSync(siteFile(), asciiJson(JSON.stringify(site)));
    const before = states(out);
    const r = await pages(out);
    assert.equal(r.quick, true, r.quickMissed);
    assert.deepEqual(changed(before, states(out)), ['/kb/900/Q900501/']);
    assert.deepEqual(r.writtenPaths, ['/kb/900/Q900501/']);
    assert.match(readFileSync(path.join(out, 'kb', '900', 'Q900501', 'index.html'), 'utf8'), /Widget socket error/);
    await coldEquals('similar');
    // and a second quick rebuild compares with the lists the first one kept: nothing to draw
    const again = await pages(out);
    assert.equal(again.quick, true);
    assert.equal(again.checked, 0);
  });

  test('a retitled article is checked the usual way (its title is in the site data outside the similar articles)', async () => {
    writeFileSync(path.join(content, 'c.md'), archiveArticle({ id: 'Q900503', title: 'Gadget battery drains, retitled', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight.' }));
    await buildStore();
    const r = await pages(out);
    assert.equal(r.quick, false);
    assert.match(r.quickMissed, /outside the similar articles/);
    assert.ok(changed(new Map(), states(out)).length > 0);
    await coldEquals('retitled');
    // the usual check kept a snapshot: the next edit of a text is quick again
    writeFileSync(path.join(content, 'c.md'), archiveArticle({ id: 'Q900503', title: 'Gadget battery drains, retitled', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight. Charge it fully.' }));
    await buildStore();
    const next = await pages(out);
    assert.equal(next.quick, true, next.quickMissed);
    await coldEquals('after-retitled');
  });

  test('the snapshot of a rebuild checked the usual way takes the layout the build took meanwhile, as the page thread would take it', async () => {
    writeFileSync(path.join(content, 'c.md'), archiveArticle({ id: 'Q900503', title: 'Gadget battery drains, retitled twice', product: 'Fabrikam Gadget', body: 'The gadget battery drains overnight. Charge it fully.' }));
    await buildStore();
    const files = snapshotFiles(`${out}.pages.tsv`);
    const site = JSON.parse(readFileSync(path.join(store, 'site.json'), 'utf8')) as SiteData;
    const taken: TakenLayout = { layout: writeSiteLayout(store, files, site.articles) };
    const r = await pages(out, true, 1, taken);
    assert.equal(r.quick, false);
    assert.equal(taken.decided, true);
    const snapshot = (): Record<string, unknown> => JSON.parse(readFileSync(files.snapshot, 'utf8')) as Record<string, unknown>;
    const layoutOf = (s: Record<string, unknown>) => ({ prefix: s.prefix, suffix: s.suffix, code: s.code, chunk: s.chunk, packId: s.packId });
    const kept = layoutOf(snapshot());
    assert.deepEqual({ prefix: kept.prefix, suffix: kept.suffix }, taken.layout);
    const keptFiles = [files.entries, files.similar, files.places].map((f) => readFileSync(f, 'latin1'));
    // the same store checked the usual way again, the page thread taking the layout: the same snapshot
    rmSync(files.snapshot);
    assert.equal((await pages(out)).quick, false);
    assert.deepEqual(layoutOf(snapshot()), kept);
    assert.deepEqual([files.entries, files.similar, files.places].map((f) => readFileSync(f, 'latin1')), keptFiles);
    // a layout given is the one kept: the thread does not take it again
    const given = { layout: { prefix: { length: 1, hash: 'given' }, suffix: { length: 2, hash: 'given too' } } };
    rmSync(files.snapshot);
    await pages(out, true, 1, given);
    assert.deepEqual({ prefix: snapshot().prefix, suffix: snapshot().suffix }, given.layout);
    rmSync(files.snapshot);
    await pages(out);
    await coldEquals('layout taken by the build');
  });

  test('without its snapshot, or with a state file that is not the one it describes, the rebuild is checked the usual way', async () => {
    rmSync(`${out}.pages.tsv.site.json`);
    const r = await pages(out);
    assert.equal(r.quick, false);
    assert.equal(r.quickMissed, '');
    assert.ok(readFileSync(`${out}.pages.tsv.site.json`, 'utf8').length > 0, 'and keeps a snapshot again');
    writeFileSync(`${out}.pages.tsv`, `${readFileSync(`${out}.pages.tsv`, 'utf8')}${stateFileLine('/gone/', '')}`);
    const s = await pages(out);
    assert.equal(s.quick, false, 'a state file of another size');
    assert.equal((await pages(out)).quick, true);
  });
});

describe('writePages: the selective check of a rebuild whose site data changed outside its similar articles', () => {
  const out = path.join(box, 'selective');
  const art = (id: string, title: string, body: string, more: { product?: string; permalink?: string } = {}): string => archiveArticle({ id, title, body, ...more });
  const write = (file: string, text: string): void => { writeFileSync(path.join(content, file), text); };
  let step = 0;
  /** Rebuilds the store, then the pages from the last state; the tree and the states must be a cold run's. */
  const rebuild = async (expectSelected: boolean): Promise<{ result: WritePagesResult; drawn: string[] }> => {
    await buildStore();
    const before = states(out);
    const result = await pages(out);
    if (expectSelected) assert.ok(result.selected, `step ${step}: the selective check took it (${result.quickMissed})`);
    const cold = path.join(box, `selective-cold-${++step}`);
    await pages(cold, false);
    const built = tree(out);
    const fresh = tree(cold);
    assert.deepEqual([...built.keys()].sort(), [...fresh.keys()].sort(), `step ${step}: the same files as a cold run`);
    for (const [file, bytes] of fresh) assert.ok(bytes === built.get(file), `step ${step}: ${file} differs from the cold run's`);
    assert.deepEqual(states(out), states(cold), `step ${step}: the same state lines`);
    return { result, drawn: changed(before, states(out)) };
  };

  test('retitles, adds, deletes, a duplicate ID taking over, products and codes changed: each rebuild is a cold run\'s, checking fewer pages', async () => {
    write('s-a.md', art('Q900701', 'Router drops packets', 'The router drops packets. See Q900702 and Q900703.'));
    write('s-b.md', art('Q900702', 'Router firmware', 'Update the router firmware. Error 10038 (WSAENOTSOCK) appears before.'));
    write('s-c.md', art('Q900703', 'Switch ports', 'Switch ports stay dark.', { product: 'Northwind Switch' }));
    await buildStore();
    await pages(out, false);

    // a retitled article cited by another: both drawn, the lists showing it checked; other articles kept
    write('s-c.md', art('Q900703', 'Switch ports stay dark', 'Switch ports stay dark.', { product: 'Northwind Switch' }));
    const retitled = await rebuild(true);
    assert.ok(retitled.drawn.includes('/kb/900/Q900701/') && retitled.drawn.includes('/kb/900/Q900703/'), retitled.drawn.join(' '));
    assert.ok(!retitled.drawn.includes('/kb/900/Q900702/'), retitled.drawn.join(' '));
    assert.ok(retitled.result.checked < retitled.result.pages, `${retitled.result.checked} of ${retitled.result.pages} checked`);

    // a retitled citing article: the pages listing it among their citers are drawn again, though no
    // "cited by" list changed
    write('s-a.md', art('Q900701', 'Router drops packets at night', 'The router drops packets. See Q900702 and Q900703.'));
    const citer = await rebuild(true);
    assert.ok(citer.drawn.includes('/kb/900/Q900703/'), `the cited article shows its citer's new title: ${citer.drawn.join(' ')}`);

    // an added article in a new product, citing one (its "cited by" list changes)
    write('s-d.md', art('Q900704', 'Hub lights blink', 'The hub lights blink. Q900702 explains.', { product: 'Northwind Hub' }));
    const added = await rebuild(true);
    assert.ok(added.drawn.includes('/kb/900/Q900702/') && added.drawn.includes('/kb/900/Q900704/'), added.drawn.join(' '));

    // a second article claiming Q900702 at another permalink, before it in path order: the first
    // following the ID's scheme keeps the ID's links, so citing pages are checked, and stay as they are
    write('s-a2.md', art('Q900702', 'Router firmware (copy)', 'A copy of the firmware article.', { permalink: '/kb/copies/Q900702/' }));
    await rebuild(true);

    // the scheme's article deleted: the copy takes over the ID's links; the citing pages link to it
    rmSync(path.join(content, 's-b.md'));
    const deleted = await rebuild(true);
    assert.ok(deleted.drawn.includes('/kb/900/Q900701/'), `the citing article is drawn again: ${deleted.drawn.join(' ')}`);
    assert.match(readFileSync(path.join(out, 'kb', '900', 'Q900701', 'index.html'), 'utf8'), /\/kb\/copies\/Q900702\//);

    // an article starts mentioning an error code: the pages of the others mentioning it list it
    write('s-c.md', art('Q900703', 'Switch ports stay dark', 'Switch ports stay dark; the agent logs error 10038 (WSAENOTSOCK).', { product: 'Northwind Switch' }));
    await rebuild(true);
    // and is retitled: the code's page shows its new title, though the code's entry is the same
    write('s-c.md', art('Q900703', 'Switch ports go dark', 'Switch ports stay dark; the agent logs error 10038 (WSAENOTSOCK).', { product: 'Northwind Switch' }));
    const coded = await rebuild(true);
    assert.ok(coded.drawn.includes('/error/winsock/wsaenotsock/'), coded.drawn.join(' '));

    // two products whose names give one slug: the one of more articles takes it, the other gets `-2`;
    // when the other grows past it, they swap, and the unchanged articles of both link elsewhere
    write('s-e.md', art('Q900705', 'Foo plus hangs', 'It hangs.', { product: 'Acme Foo Plus' }));
    write('s-g.md', art('Q900707', 'Foo plus crashes', 'It crashes.', { product: 'Acme Foo Plus' }));
    write('s-f.md', art('Q900706', 'Foo+ hangs', 'It hangs too.', { product: 'Acme Foo+' }));
    await rebuild(true);
    write('s-h.md', art('Q900708', 'Foo+ crashes', 'It crashes too.', { product: 'Acme Foo+' }));
    write('s-i.md', art('Q900709', 'Foo+ slows', 'It slows.', { product: 'Acme Foo+' }));
    const swapped = await rebuild(true);
    assert.ok(swapped.drawn.includes('/kb/900/Q900705/'), `an unchanged article of the product whose slug changed: ${swapped.drawn.join(' ')}`);

    // an article in a bucket of its own (/kb/901/): the bucket index and the neighbouring bucket's
    // page (its link to the next bucket) change; then deleted, they change back
    write('s-j.md', art('Q901801', 'Bridge loops', 'The bridge loops.', { product: 'Northwind Switch' }));
    const bucket = await rebuild(true);
    assert.ok(bucket.drawn.includes('/kb/901/') && bucket.drawn.includes('/kb/'), bucket.drawn.join(' '));
    rmSync(path.join(content, 's-j.md'));
    await rebuild(true);

    // an article moved to another product, its error code gone
    write('s-a2.md', art('Q900702', 'Router firmware (copy)', 'A copy of the firmware article.', { permalink: '/kb/copies/Q900702/', product: 'Northwind Switch' }));
    await rebuild(true);
  });

  test('the snapshot\'s files gone (a build that failed after setting them aside): the next rebuild is checked the usual way', async () => {
    const files = snapshotFiles(`${out}.pages.tsv`);
    for (const file of [files.site, files.similar, files.places]) rmSync(file);
    write('s-e.md', art('Q900705', 'Foo plus hangs at start', 'It hangs.', { product: 'Acme Foo Plus' }));
    const { result } = await rebuild(false);
    assert.equal(result.selected, false);
    // (the quick check stops at the changed site data before it looks for the snapshot's files)
    assert.match(result.quickMissed, /site data changed outside the similar articles; no selective check: no copy of the last site data/);
    // and keeps them again: the next rebuild is selective
    write('s-e.md', art('Q900705', 'Foo plus hangs', 'It hangs.', { product: 'Acme Foo Plus' }));
    await rebuild(true);
  });
});
