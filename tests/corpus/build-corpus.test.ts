/**
 * Builds the first 3,000 real articles (path order) and checks the output is complete: one stored
 * page per article, every permalink distinct, site data consistent. The load + store step runs here
 * in-process. The full build of real articles (next build included, a page at every permalink, every
 * link resolving) is tests/corpus/links-corpus.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { createSiteDataBuilder, type SiteData } from '../../lib/build/site-data';
import { readPackedRecord } from '../../lib/build/store-pack';
import { packIndexFile } from '../../lib/build/store-paths';
import { createStoreWriter } from '../../lib/build/store-write';
import { walkContent } from '../../lib/build/walk';
import { corpusOrSkip, placeArticle } from './corpus-path';

const COUNT = 3_000;
const { dir, skip } = corpusOrSkip();
const work = mkdtempSync(path.join(tmpdir(), 'kb-build-corpus-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The first COUNT articles linked into a temp content folder. */
function subset(): string {
  const content = path.join(work, 'content');
  for (const f of walkContent(dir as string).slice(0, COUNT)) {
    const target = path.join(content, f.source);
    mkdirSync(path.dirname(target), { recursive: true });
    placeArticle(f.file, target);
  }
  return content;
}

test(`load + store of the first ${COUNT.toLocaleString('en-US')} real articles is complete`, { skip }, async () => {
  const content = subset();
  const store = path.join(work, 'store');
  const writer = createStoreWriter(store);
  const builder = createSiteDataBuilder();
  const report = await loadContent({ contentDir: content, cacheDir: null, onRecord: (r) => { writer.write(r); builder.add(r); } });
  const site = builder.finish();
  writer.finish(site);

  assert.equal(report.files, COUNT);
  assert.equal(report.files, report.articles + report.skipped.length);
  assert.equal(report.errors.length, 0, JSON.stringify(report.errors.slice(0, 5)));
  assert.equal(Object.keys(JSON.parse(readFileSync(packIndexFile(store), 'utf8')) as object).length, report.articles, 'one stored record per page');
  const saved = JSON.parse(readFileSync(path.join(store, 'site.json'), 'utf8')) as SiteData;
  assert.equal(saved.articles.length, report.articles);
  assert.equal(new Set(saved.articles.map((a) => a.permalink.toLowerCase())).size, report.articles, 'permalinks are distinct');
  assert.equal(Object.keys(saved.byPermalink).length, report.articles);
  for (const a of saved.articles.slice(0, 50)) {
    const record = JSON.parse(readPackedRecord(store, a.permalink) ?? 'null') as { id: string; sections: unknown[] };
    assert.equal(record.id, a.id);
  }
  assert.equal(saved.products.reduce((n, p) => n + p.count, 0) >= report.articles * 0.9, true, 'nearly every article has a product');
});
