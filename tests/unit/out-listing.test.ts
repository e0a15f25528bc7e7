/**
 * The kept listing of out/ (lib/build/out-listing.ts): a rebuild brings the last build's list up to
 * date with what its steps write and remove, and must end with exactly what a walk of out/ gives
 * (paths, sizes, modification times, digests), the hosting files included.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { treeStamp } from '../../lib/build/build-state';
import { OutListing, digestOf, readListing, walkListing, writeListing } from '../../lib/build/out-listing';
import { writeHostingFiles } from '../../lib/hosting/index';

const box = mkdtempSync(path.join(tmpdir(), 'kb-out-listing-'));
after(() => rmSync(box, { recursive: true, force: true }));

function put(dir: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

const site = {
  articles: [
    { id: 'Q900501', number: 900501, permalink: '/kb/900/Q900501/', lastModified: '2001-02-03' },
    { id: 'Q900502', number: 900502, permalink: '/kb/900/Q900502/', lastModified: null },
  ],
};
const config = { basePath: '', siteUrl: 'https://kb.example.org' };
const page = (title: string): string => `<!doctype html><html><head><meta charset="utf-8"></head><body>${title}</body></html>`;

test('a listing kept through writes and removals equals a walk, and so does its outputs stamp', async () => {
  const out = path.join(box, 'kept');
  put(out, 'index.html', page('home'));
  put(out, 'kb/900/Q900501/index.html', page('one'));
  put(out, 'kb/900/Q900502/index.html', page('two'));
  put(out, '_kb/search/terms/0.0123abcd.json', '["a"]');
  put(out, '_next/static/x.js', 'next');
  const first = await writeHostingFiles(site, out, config);
  assert.deepEqual(first.list(), (await walkListing(out)).list(), 'a first build walks');

  // the next build: starts from the kept list, records what it writes and removes
  const kept = OutListing.parse(out, first.text());
  assert.ok(kept);
  put(out, 'kb/900/Q900502/index.html', page('two, edited'));
  kept.record('kb/900/Q900502/index.html', digestOf('kb/900/Q900502/index.html', Buffer.from(page('two, edited'))));
  rmSync(path.join(out, '_kb/search/terms/0.0123abcd.json'));
  kept.remove('_kb/search/terms/0.0123abcd.json');
  put(out, '_kb/search/terms/0.89abcdef.json', '["b"]');
  kept.record('_kb/search/terms/0.89abcdef.json');
  rmSync(path.join(out, '_next'), { recursive: true });
  kept.removeFolder('_next');
  const second = await writeHostingFiles(site, out, config, { listing: kept });
  const walked = await walkListing(out);
  assert.deepEqual(second.list(), walked.list(), 'the kept list is what a walk reads');
  assert.ok(!second.files.has('_next/static/x.js'));
  assert.equal(second.files.get('_kb/search/terms/0.89abcdef.json')?.digest, 'named', 'a file named by its content is not read');
  assert.equal(treeStamp([out], null, new Map([[out, second.list()]])), treeStamp([out]), 'the stamp from the list is the stamp of a walk');
  const manifest = readFileSync(path.join(out, '_kb', 'offline-manifest.json'), 'utf8');

  // a cold build of the same files gives the same offline version and manifest
  const cold = path.join(box, 'cold');
  for (const f of walked.list()) if (f.file !== 'sw.js' && !f.file.startsWith('_kb/') && f.file !== 'index.html') put(cold, f.file, readFileSync(path.join(out, f.file), 'utf8'));
  put(cold, 'index.html', page('home'));
  put(cold, '_kb/search/terms/0.89abcdef.json', '["b"]');
  await writeHostingFiles(site, cold, config);
  assert.equal(readFileSync(path.join(cold, '_kb', 'offline-manifest.json'), 'utf8'), manifest);
  assert.equal(readFileSync(path.join(cold, 'sw.js'), 'utf8'), readFileSync(path.join(out, 'sw.js'), 'utf8'));
});

test('the listing file is trusted only with the digest the build state kept', () => {
  const out = path.join(box, 'file');
  put(out, 'a.html', 'a');
  const listing = new OutListing(out);
  listing.record('a.html');
  const file = path.join(box, 'out-files.tsv');
  const digest = writeListing(file, listing);
  assert.deepEqual(readListing(file, out, digest)?.list(), listing.list());
  assert.equal(readListing(file, out, undefined), null, 'no digest (an older state): walk');
  writeFileSync(file, `${readFileSync(file, 'utf8')}"b.html"\t1\t2\tx\n`);
  assert.equal(readListing(file, out, digest), null, 'a file that is not the one the state names');
  assert.equal(OutListing.parse(out, 'not a listing\n'), null);
});

test('the files made from the site data are made again only when it, the settings or the code changed (the memo), or one is gone', async () => {
  const out = path.join(box, 'memo');
  put(out, 'index.html', page('home'));
  put(out, 'kb/900/Q900501/index.html', page('one'));
  put(out, 'kb/900/Q900502/index.html', page('two'));
  const memo = { file: path.join(box, 'memo.json'), key: 'site-1' };
  const first = await writeHostingFiles(site, out, config, { listing: await walkListing(out), memo });
  const saved = JSON.parse(readFileSync(memo.file, 'utf8')) as { key: string; files: string[]; addressScript: string };
  assert.equal(saved.key, 'site-1');
  assert.deepEqual(saved.files.sort(), ['_kb/aliases.json', '_redirects', 'assets/alias.js', 'opensearch.xml', 'robots.txt', 'sitemap.xml']);
  const sitemap = readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
  const home = readFileSync(path.join(out, 'index.html'), 'utf8');
  assert.match(home, /data-kb-address/);

  // the same key: the site data is not even read; the home page drawn anew gets the kept address script
  put(out, 'index.html', page('home, drawn again'));
  const unread = (): never => { throw new Error('the site data was read'); };
  const again = OutListing.parse(out, first.text());
  assert.ok(again);
  again.record('index.html');
  const second = await writeHostingFiles(unread, out, config, { listing: again, memo });
  assert.equal(readFileSync(path.join(out, 'sitemap.xml'), 'utf8'), sitemap);
  assert.match(readFileSync(path.join(out, 'index.html'), 'utf8'), /home, drawn again/);
  assert.equal(readFileSync(path.join(out, 'index.html'), 'utf8').replace('home, drawn again', 'home'), home, 'the same address script, first in <head>');
  assert.deepEqual(second.list(), (await walkListing(out)).list());

  // another key, or a file of the memo gone: made again from the site data
  const bigger = { articles: [...site.articles, { id: 'Q900503', number: 900503, permalink: '/kb/900/Q900503/', lastModified: null }] };
  put(out, 'kb/900/Q900503/index.html', page('three'));
  const third = OutListing.parse(out, second.text());
  assert.ok(third);
  third.record('kb/900/Q900503/index.html');
  await writeHostingFiles(bigger, out, config, { listing: third, memo: { ...memo, key: 'site-2' } });
  assert.match(readFileSync(path.join(out, 'sitemap.xml'), 'utf8'), /Q900503/);
  assert.equal((JSON.parse(readFileSync(memo.file, 'utf8')) as { key: string }).key, 'site-2');
  rmSync(path.join(out, 'robots.txt'));
  third.remove('robots.txt');
  await assert.rejects(writeHostingFiles(unread, out, config, { listing: third, memo: { ...memo, key: 'site-2' } }), /the site data was read/);
  await writeHostingFiles(bigger, out, config, { listing: third, memo: { ...memo, key: 'site-2' } });
  assert.ok(third.files.has('robots.txt'));
});
