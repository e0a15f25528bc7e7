import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { createSiteDataBuilder, productSlug, type SiteData } from '../../lib/build/site-data';
import { readPackedRecord } from '../../lib/build/store-pack';
import { createStoreWriter } from '../../lib/build/store-write';
import { archiveArticle, contentFolder } from './load-fixtures';

const content = contentFolder({
  'kb/900/Q900100/README.md': archiveArticle({ id: 'Q900100', title: 'Socket Calls Return Error 10038 (WSAENOTSOCK)', product: 'Microsoft Windows NT', modified: '09-AUG-2001', body: 'A closed handle gives WSAENOTSOCK.' }),
  'kb/900/Q900101/README.md': archiveArticle({ id: 'Q900101', title: 'Server Setup Notes', product: 'Microsoft Windows NT', modified: '10-JAN-1998', body: 'Programs may fail with error 10038 (WSAENOTSOCK). See Q900100 and Q900999.' }),
  'kb/900/Q900102/README.md': archiveArticle({ id: 'Q900102', title: 'Viewer Tips', product: 'Contoso Viewer 2.0 (16-bit)', modified: '01-MAR-1998', body: 'More in Q900100 and Q900101.' }),
  'kb/900/Q900103/README.md': '---js\n{}\n---\n',
});

/** Loads the test content into a store under `storeDir`; returns the SiteData written. */
async function buildStore(storeDir: string): Promise<SiteData> {
  const writer = createStoreWriter(storeDir);
  const site = createSiteDataBuilder();
  await loadContent({ contentDir: content, cacheDir: null, onRecord: (r) => { writer.write(r); site.add(r); } });
  const data = site.finish();
  writer.finish(data);
  return data;
}

const storeA = `${content}-storeA`;
const storeB = `${content}-storeB`;
let store: typeof import('../../lib/build/store');

before(async () => {
  await buildStore(storeA);
  await buildStore(storeB);
  process.env.KB_STORE_DIR = storeA;
  store = await import('../../lib/build/store');
});
after(() => { for (const d of [content, storeA, storeB]) rmSync(d, { recursive: true, force: true }); });

describe('store', () => {
  test('two builds of the same input write identical site.json and records', () => {
    assert.equal(readFileSync(path.join(storeA, 'site.json'), 'utf8'), readFileSync(path.join(storeB, 'site.json'), 'utf8'));
    const a = readPackedRecord(storeA, '/kb/900/Q900101/');
    assert.match(a ?? '', /Q900101/);
    assert.equal(a, readPackedRecord(storeB, '/kb/900/Q900101/'));
  });

  test('site data: articles in path order, products by count with slugs, years, totals', () => {
    const site = store.getSiteData();
    assert.deepEqual(site.articles.map((a) => a.id), ['Q900100', 'Q900101', 'Q900102']);
    assert.deepEqual(site.products, [
      { name: 'Microsoft Windows NT', slug: 'microsoft-windows-nt', count: 2 },
      { name: 'Contoso Viewer 2.0 (16-bit)', slug: 'contoso-viewer-2-0-16-bit', count: 1 },
    ]);
    assert.deepEqual({ ...site.years }, { 1998: 2, 2001: 1 });
    assert.equal(site.totals.articles, 3);
    assert.equal(site.totals.sectionKinds.symptoms, 3);
  });

  test('cited-by lists citing articles of the site in path order and ignores absent ones', () => {
    assert.deepEqual(store.getCitedBy('Q900100'), ['Q900101', 'Q900102']);
    assert.deepEqual(store.getCitedBy('Q900101'), ['Q900102']);
    assert.deepEqual(store.getCitedBy('Q900999'), []);
    assert.deepEqual(store.getCitedBy('constructor'), []);
  });

  test('error index: articles with the code in the title come first', () => {
    const entry = store.getSiteData().errorIndex['winsock/wsaenotsock'];
    assert.ok(entry, 'the WSAENOTSOCK code is indexed');
    assert.equal(entry.value, 10038);
    assert.deepEqual(entry.articles, [{ id: 'Q900100', inTitle: true }, { id: 'Q900101', inTitle: false }]);
  });

  test('readers: by id, by permalink (any case, with or without slashes), products, permalinks', () => {
    assert.equal(store.getArticle('Q900101')?.title, 'Server Setup Notes');
    assert.equal(store.getArticle('Q900103'), null);
    assert.equal(store.getArticle('__proto__'), null);
    assert.equal(store.getArticleByPermalink('/kb/900/Q900102/')?.id, 'Q900102');
    assert.equal(store.getArticleByPermalink('kb/900/q900102')?.id, 'Q900102');
    assert.equal(store.getArticleByPermalink('/kb/900/nothing/'), null);
    assert.deepEqual(store.getAllPermalinks(), ['/kb/900/Q900100/', '/kb/900/Q900101/', '/kb/900/Q900102/']);
    assert.deepEqual(store.getProduct('microsoft-windows-nt')?.articles.map((a) => a.id), ['Q900100', 'Q900101']);
    assert.equal(store.getProduct('nope'), null);
  });

  test('a missing store is an error that says how to make one', () => {
    const saved = process.env.KB_STORE_DIR;
    process.env.KB_STORE_DIR = `${content}-missing`;
    try {
      assert.throws(() => store.getSiteData(), /article store is missing .*npm run build/);
    } finally {
      process.env.KB_STORE_DIR = saved;
    }
  });
});

describe('names', () => {
  test('productSlug is kebab case', () => {
    assert.equal(productSlug('Microsoft Visual C++ 6.0'), 'microsoft-visual-c-plus-plus-6-0');
    assert.equal(productSlug('  Ünïcode Tool '), 'unicode-tool');
    assert.equal(productSlug('***'), 'product');
  });
});

describe('duplicate IDs lose nothing', () => {
  test('two files claiming one ID with different permalinks: both stored and reachable; the ID goes to the scheme one', async () => {
    const dup = contentFolder({
      'a/README.md': archiveArticle({ id: 'Q900400', title: 'Moved copy', permalink: '/moved/Q900400/' }),
      'b/README.md': archiveArticle({ id: 'Q900400', title: 'Scheme copy', body: 'See Q900401.' }),
      'c/README.md': archiveArticle({ id: 'Q900401', title: 'Cites it', body: 'See Q900400.' }),
    });
    const dir = `${dup}-store`;
    const saved = process.env.KB_STORE_DIR;
    try {
      const writer = createStoreWriter(dir);
      const builder = createSiteDataBuilder();
      const report = await loadContent({ contentDir: dup, cacheDir: null, onRecord: (r) => { writer.write(r); builder.add(r); } });
      const site = builder.finish();
      writer.finish(site);
      assert.equal(report.articles, 3);
      process.env.KB_STORE_DIR = dir;
      assert.equal(store.getArticleByPermalink('/moved/Q900400/')?.title, 'Moved copy');
      assert.equal(store.getArticleByPermalink('/kb/900/Q900400/')?.title, 'Scheme copy');
      assert.equal(store.getArticle('Q900400')?.title, 'Scheme copy');
      assert.deepEqual(store.getAllPermalinks(), ['/moved/Q900400/', '/kb/900/Q900400/', '/kb/900/Q900401/']);
      // links to the ID (citations) go to the same one
      const { siteIndex } = await import('../../lib/render/site-context');
      assert.equal(siteIndex(site, { basePath: '', siteUrl: 'http://x' }).ctx.articleById('Q900400')?.permalink, '/kb/900/Q900400/');
    } finally {
      process.env.KB_STORE_DIR = saved;
      for (const d of [dup, dir]) rmSync(d, { recursive: true, force: true });
    }
  });
});
