/**
 * The store is swapped in with one rename (a symlink to the current data folder), and what a killed
 * build left behind (`store.tmp-<pid>`) is removed at the next start, unless that process still runs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createSiteDataBuilder } from '../../lib/build/site-data';
import { readPackedRecord } from '../../lib/build/store-pack';
import { createStoreWriter } from '../../lib/build/store-write';
import { parseArticle } from '../../lib/parse/parse-article';
import { archiveArticle } from './load-fixtures';

const box = mkdtempSync(path.join(tmpdir(), 'kb-store-atomic-'));
after(() => rmSync(box, { recursive: true, force: true }));

function writeStore(dir: string, title: string): void {
  const record = parseArticle(archiveArticle({ id: 'Q900700', title }), 'a.md').record;
  assert.ok(record);
  const writer = createStoreWriter(dir);
  const site = createSiteDataBuilder();
  writer.write(record);
  site.add(record);
  writer.finish(site.finish());
}

test('a killed build leaves store.tmp-<pid>; the next start removes it, but not a running build’s', async () => {
  const dir = path.join(box, 'a', 'store');
  mkdirSync(path.dirname(dir), { recursive: true });
  // a real build killed with SIGKILL while writing its staging folder
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
    import { createStoreWriter } from ${JSON.stringify(path.resolve('lib/build/store-write.ts'))};
    createStoreWriter(${JSON.stringify(dir)});
    console.log('staging'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const stale = `store.tmp-${child.pid}`;
  assert.ok(existsSync(path.join(path.dirname(dir), stale)), 'the staging folder exists while it runs');
  const running = path.join(path.dirname(dir), `store.tmp-${process.ppid}`);
  mkdirSync(running); // a live process's staging folder (our parent's pid): kept
  writeStore(dir, 'Before kill');
  assert.ok(existsSync(path.join(path.dirname(dir), stale)), 'kept while its build still runs');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  writeStore(dir, 'Next build');
  const left = readdirSync(path.dirname(dir)).sort();
  assert.ok(!left.includes(stale), `${stale} removed: ${left.join(', ')}`);
  assert.ok(left.includes(path.basename(running)), 'a running build’s staging folder is kept');
  assert.equal(left.filter((f) => f.startsWith('store.data-')).length, 1, 'one data folder: the current one');
});

test('the store path is a link swapped in one rename; the old data folder goes', () => {
  const dir = path.join(box, 'b', 'store');
  mkdirSync(dir, { recursive: true }); // a store from before links: a real folder
  writeFileSync(path.join(dir, 'site.json'), '{}');
  writeStore(dir, 'First title');
  assert.ok(lstatSync(dir).isSymbolicLink());
  assert.match(readPackedRecord(dir, '/kb/900/Q900700/') ?? '', /First title/);
  writeStore(dir, 'Second title');
  assert.match(readPackedRecord(dir, '/kb/900/Q900700/') ?? '', /Second title/);
  assert.deepEqual(readdirSync(path.dirname(dir)).filter((f) => f !== 'store').map((f) => f.replace(/-\d+-\d+$/, '')), ['store.data']);
});

test('records placed ahead of the site data (as a build does while it waits for the similar articles): the same store, and no record after', () => {
  const dir = path.join(box, 'c', 'store');
  mkdirSync(path.dirname(dir), { recursive: true });
  const record = parseArticle(archiveArticle({ id: 'Q900701', title: 'Placed ahead' }), 'a.md').record;
  assert.ok(record);
  const writer = createStoreWriter(dir);
  const site = createSiteDataBuilder();
  writer.write(record);
  site.add(record);
  writer.placeRecords();
  const other = parseArticle(archiveArticle({ id: 'Q900702', title: 'Too late' }), 'b.md').record;
  assert.ok(other);
  assert.throws(() => writer.write(other), /placed its records already/);
  // not yet in place: the store appears only with finish()
  assert.equal(existsSync(dir), false);
  writer.finish(site.finish());
  assert.match(readPackedRecord(dir, '/kb/900/Q900701/') ?? '', /Placed ahead/);
  assert.equal(readPackedRecord(dir, '/kb/900/Q900702/'), null);
  assert.ok(JSON.parse(readFileSync(path.join(dir, 'site.json'), 'utf8')).articles);
});
