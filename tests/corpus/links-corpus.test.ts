/**
 * Hosting on real articles: every 20th article of the corpus (~3,000, all buckets) is built into a temp
 * export (out/ is set aside and put back), then: every internal link resolves, the alias map sends
 * each article's number to its page, the sitemap lists every article, and the file:// copy's links
 * resolve too. Prints the export's size and file count per article.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { walkContent } from '../../lib/build/walk';
import { parseAliasPath, resolveAlias, type AliasData } from '../../lib/hosting/alias-path';
import { writeOfflineCopy } from '../../lib/hosting/index';
import { listFiles } from '../../lib/hosting/walk-files';
import { checkLinks } from '../../scripts/check-links';
import { corpusOrSkip, placeArticle } from './corpus-path';

const EVERY = 20;
const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'out');
const { dir: corpus, skip } = corpusOrSkip();
const work = mkdtempSync(path.join(tmpdir(), 'kb-links-corpus-'));
const site = path.join(work, 'out');
let articles: Array<{ id: string; number: number | null; permalink: string }> = [];

function build(env: Record<string, string>): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
}

before(() => {
  if (skip) return;
  const content = path.join(work, 'content');
  const files = walkContent(corpus as string).filter((_, i) => i % EVERY === 0);
  for (const f of files) {
    mkdirSync(path.dirname(path.join(content, f.source)), { recursive: true });
    placeArticle(f.file, path.join(content, f.source));
  }
  const saved = `${out}.before-links-corpus`;
  const hadOut = existsSync(out);
  if (hadOut) renameSync(out, saved);
  try {
    const env = { KB_CONTENT_DIR: content, KB_STORE_DIR: path.join(work, 'store'), KB_CACHE_DIR: path.join(work, 'cache'), KB_BASE_PATH: '', KB_SITE_URL: 'https://example.org' };
    let result = build(env);
    if (result.status !== 0 && /Another next build process/.test(`${result.stdout}${result.stderr}`)) {
      spawnSync('sleep', ['60']);
      result = build(env);
    }
    if (result.status !== 0) throw new Error(`corpus subset build failed:\n${String(result.stderr).slice(-3000)}`);
    renameSync(out, site);
  } finally {
    if (hadOut) {
      if (existsSync(out)) rmSync(out, { recursive: true, force: true });
      renameSync(saved, out);
    }
  }
  articles = (JSON.parse(readFileSync(path.join(work, 'store', 'site.json'), 'utf8')) as { articles: typeof articles }).articles;
});
after(() => rmSync(work, { recursive: true, force: true }));

test('every internal link of ~3,000 real article pages resolves', { skip }, async () => {
  assert.ok(articles.length > 2_900, `${articles.length} articles`);
  const report = await checkLinks(site);
  const files = await listFiles(site);
  const bytes = Number(spawnSync('du', ['-sb', site], { encoding: 'utf8' }).stdout.split('\t')[0]);
  console.log(`links-corpus: ${articles.length} articles, ${report.pages} pages, ${report.links} links, ${files.length} files ` +
    `(${(files.length / articles.length).toFixed(3)} per article), ${(bytes / 1e6).toFixed(1)} MB`);
  assert.ok(report.pages >= articles.length);
  assert.deepEqual(report.broken.slice(0, 20), []);
});

test('the alias map sends each article number to its page, and the sitemap lists every article', { skip }, () => {
  const aliases = JSON.parse(readFileSync(path.join(site, '_kb', 'aliases.json'), 'utf8')) as AliasData;
  let checked = 0;
  for (const a of articles) {
    if (a.number === null) continue;
    assert.equal(resolveAlias(parseAliasPath(`/q${a.number}`), aliases), a.permalink, a.id);
    assert.ok(existsSync(path.join(site, decodeURIComponent(a.permalink), 'index.html')), a.permalink);
    checked++;
  }
  assert.ok(checked > 2_900);
  const sitemap = readFileSync(path.join(site, 'sitemap.xml'), 'utf8');
  const locs = new Set([...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
  for (const a of articles) assert.ok(locs.has(`https://example.org${a.permalink}`), a.permalink);
});

test('the file:// copy of the real articles has no broken link', { skip }, async () => {
  const copy = path.join(work, 'out-offline');
  await writeOfflineCopy(site, copy, { basePath: '', siteUrl: 'https://example.org' });
  const report = await checkLinks(copy);
  assert.deepEqual(report.broken.slice(0, 20), []);
});
