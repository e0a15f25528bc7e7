/**
 * Builds the first 3,000 real articles (path order) and checks the output is complete: one stored
 * page per article, every permalink distinct, site data consistent. The load + store step runs here
 * in-process; KB_CORPUS_FULL_BUILD=1 also runs the whole `scripts/build.ts` (next build included,
 * which overwrites out/) and checks an index.html at every permalink.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadContent } from '../../lib/content/load';
import { createSiteDataBuilder, type SiteData } from '../../lib/content/site-data';
import { articlePath } from '../../lib/content/store-paths';
import { createStoreWriter } from '../../lib/content/store-write';
import { walkContent } from '../../lib/content/walk';
import { corpusOrSkip } from './corpus-path';

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
    symlinkSync(f.file, target);
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
  assert.equal(readdirSync(path.join(store, 'articles')).length, report.articles, 'one stored record per page');
  const saved = JSON.parse(readFileSync(path.join(store, 'site.json'), 'utf8')) as SiteData;
  assert.equal(saved.articles.length, report.articles);
  assert.equal(new Set(saved.articles.map((a) => a.permalink.toLowerCase())).size, report.articles, 'permalinks are distinct');
  assert.equal(Object.keys(saved.byPermalink).length, report.articles);
  for (const a of saved.articles.slice(0, 50)) {
    const record = JSON.parse(readFileSync(articlePath(store, a.id), 'utf8')) as { id: string; sections: unknown[] };
    assert.equal(record.id, a.id);
  }
  assert.equal(saved.products.reduce((n, p) => n + p.count, 0) >= report.articles * 0.9, true, 'nearly every article has a product');
});

test(`full build of the first ${COUNT.toLocaleString('en-US')} real articles: a page at every permalink`, {
  skip: skip || (process.env.KB_CORPUS_FULL_BUILD === '1' ? false : 'set KB_CORPUS_FULL_BUILD=1 to run next build over the corpus subset (overwrites out/)'),
}, () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const content = existsSync(path.join(work, 'content')) ? path.join(work, 'content') : subset();
  const store = path.join(work, 'store-full');
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'scripts', 'build.ts')], {
    cwd: root, stdio: 'inherit', env: { ...process.env, KB_CONTENT_DIR: content, KB_STORE_DIR: store, KB_CACHE_DIR: path.join(work, 'cache') },
  });
  assert.equal(r.status, 0, 'the build succeeds');
  const site = JSON.parse(readFileSync(path.join(store, 'site.json'), 'utf8')) as SiteData;
  const missing = site.articles.filter((a) => !existsSync(path.join(root, 'out', decodeURIComponent(a.permalink), 'index.html')));
  assert.deepEqual(missing.slice(0, 5).map((a) => a.permalink), [], `${missing.length} of ${site.articles.length} pages missing`);
});
