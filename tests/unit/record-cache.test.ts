import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { closeCacheReader, createCacheWriter, readCached } from '../../lib/build/cache';
import { createSiteDataBuilder } from '../../lib/build/site-data';
import { readPackedRecord, closePack } from '../../lib/build/store-pack';
import { packFile } from '../../lib/build/store-paths';
import { createStoreWriter } from '../../lib/build/store-write';
import { parseArticle } from '../../lib/parse/parse-article';
import { archiveArticle } from './load-fixtures';

const made: string[] = [];
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
const packs = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.pack')).sort();

/** Files `texts` (key → record text) in one load's writer, keeping hits in place when it can. */
function load(cacheDir: string, texts: Record<string, string>, options?: { deadSlack?: number; fingerprint?: string }) {
  closeCacheReader();
  const writer = createCacheWriter(cacheDir, options);
  for (const [key, text] of Object.entries(texts)) {
    const hit = readCached(cacheDir, key);
    if (hit && writer.appendingTo === hit.pack) writer.keep(key, hit.entry);
    else writer.add(key, text, Buffer.from('{"terms":1}'), []);
  }
  writer.finish();
  closeCacheReader();
  return writer;
}

describe('the record cache pack', () => {
  test('a load appends what it parsed to the last pack and keeps what it took from it in place', () => {
    const dir = tempDir('kb-cache-');
    const first = load(dir, { a: '{"a":1}', b: '{"b":1}' });
    assert.equal(first.appendingTo, null, 'no cache yet: a fresh pack');
    const size = statSync(first.pack).size;
    const second = load(dir, { a: '{"a":1}', c: '{"c":22}' });
    assert.equal(second.pack, first.pack, 'the same pack, appended to');
    assert.equal(statSync(second.pack).size, size + '{"c":22}'.length + '{"terms":1}'.length, 'only the new entry was written');
    assert.equal(readCached(dir, 'a')?.recordText, '{"a":1}');
    assert.equal(readCached(dir, 'c')?.recordText, '{"c":22}');
    assert.equal(readCached(dir, 'b'), null, 'an entry this load did not file is gone from the index');
    assert.deepEqual(packs(dir), [path.basename(first.pack)]);
  });

  test('when dead bytes outweigh the live ones, the next load writes a fresh pack and the old one goes', () => {
    const dir = tempDir('kb-cache-');
    const first = load(dir, { a: '{"a":1}', b: `{"b":"${'x'.repeat(500)}"}` }, { deadSlack: 0 });
    load(dir, { a: '{"a":1}' }, { deadSlack: 0 }); // b's 500 bytes are dead now: more than a's live ones
    const third = load(dir, { a: '{"a":1}' }, { deadSlack: 0 });
    assert.notEqual(third.pack, first.pack);
    assert.deepEqual(packs(dir), [path.basename(third.pack)]);
    assert.equal(statSync(third.pack).size, '{"a":1}'.length + '{"terms":1}'.length);
    assert.equal(readCached(dir, 'a')?.recordText, '{"a":1}');
  });

  test('a load of another build fingerprint starts a fresh pack (none of the old entries can hit)', () => {
    const dir = tempDir('kb-cache-');
    const first = load(dir, { a: '{"a":1}' }, { fingerprint: 'one' });
    assert.equal(load(dir, { a: '{"a":1}' }, { fingerprint: 'one' }).pack, first.pack);
    const other = load(dir, { a: '{"a":1}' }, { fingerprint: 'two' });
    assert.equal(other.appendingTo, null);
    assert.deepEqual(packs(dir), [path.basename(other.pack)], 'the old pack goes');
  });

  test('a pack another live process appends to is neither appended to nor removed', async () => {
    const dir = tempDir('kb-cache-');
    const first = load(dir, { a: '{"a":1}' });
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(`${first.pack}.lock`, String(other.pid));
      const second = load(dir, { a: '{"a":1}' });
      assert.equal(second.appendingTo, null);
      assert.notEqual(second.pack, first.pack);
      assert.ok(existsSync(first.pack), 'the locked pack stays for its writer');
      assert.equal(readCached(dir, 'a')?.recordText, '{"a":1}');
    } finally {
      other.kill();
    }
    await new Promise((resolve) => other.once('exit', resolve));
    const third = load(dir, { a: '{"a":1}' });
    assert.equal(third.appendingTo, path.basename(third.pack), 'a lock whose process is gone is taken over');
  });

  test('the store refers to the cache pack: a hard link that later appends do not disturb', () => {
    const cacheDir = tempDir('kb-cache-');
    const store = path.join(tempDir('kb-store-'), 'store');
    const record = parseArticle(Buffer.from(archiveArticle({ id: 'Q900041', title: 'Linked' })), 'a.md').record!;
    const text = JSON.stringify(record);
    closeCacheReader();
    const cache = createCacheWriter(cacheDir);
    const place = cache.add('a', text, null, []);
    cache.finish();
    const writer = createStoreWriter(store);
    writer.refer(record, place!);
    const site = createSiteDataBuilder();
    site.add(record);
    writer.finish(site.finish(), cache.pack);
    assert.equal(statSync(packFile(store)).ino, statSync(cache.pack).ino, 'no record is written twice');
    assert.equal(readPackedRecord(store, record.permalink), text);
    const next = load(cacheDir, { a: text, b: '{"b":1}' });
    assert.equal(next.pack, cache.pack);
    closePack();
    assert.equal(readPackedRecord(store, record.permalink), text, 'the store reads the same bytes after the cache grew');
    assert.ok(readFileSync(cache.pack, 'utf8').endsWith('{"b":1}{"terms":1}'));
  });
});

describe('the term dictionary of the record cache', () => {
  /** One load: the dictionary it goes on from, then `added` appended; hits kept in place when it can. */
  const dictionaryLoad = (dir: string, added: string[], options?: { fingerprint?: string; deadSlack?: number }) => {
    closeCacheReader();
    const writer = createCacheWriter(dir, options);
    const hit = readCached(dir, 'a');
    if (hit && writer.appendingTo === hit.pack) writer.keep('a', hit.entry);
    else writer.add('a', '{"a":1}', Buffer.from('payload!'), []);
    const before = [...writer.dictionary()];
    writer.addTerms(added);
    writer.finish();
    closeCacheReader();
    return { writer, before };
  };

  test('each load goes on from the last one\'s dictionary; a fresh pack starts with a copy of it, another fingerprint with none', async () => {
    const dir = tempDir('kb-cache-');
    const first = dictionaryLoad(dir, ['x', 'y'], { fingerprint: 'f' });
    assert.deepEqual(first.before, []);
    assert.equal(first.writer.payloadPack, null, 'no cache yet: no payload can be used');
    const second = dictionaryLoad(dir, ['z'], { fingerprint: 'f' });
    assert.equal(second.writer.appendingTo, path.basename(first.writer.pack));
    assert.equal(second.writer.payloadPack, path.basename(first.writer.pack));
    assert.deepEqual(second.before, ['x', 'y']);
    assert.deepEqual(dictionaryLoad(dir, [], { fingerprint: 'f' }).before, ['x', 'y', 'z']);
    // a fresh pack (another live process appends to this one): the dictionary and the payloads are copied
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    let fresh;
    try {
      writeFileSync(`${first.writer.pack}.lock`, String(other.pid));
      fresh = dictionaryLoad(dir, ['w'], { fingerprint: 'f' });
    } finally {
      other.kill();
    }
    await new Promise((resolve) => other.once('exit', resolve));
    assert.notEqual(fresh.writer.pack, first.writer.pack);
    assert.deepEqual(fresh.before, ['x', 'y', 'z']);
    const after = dictionaryLoad(dir, [], { fingerprint: 'f' });
    assert.equal(after.writer.payloadPack, path.basename(fresh.writer.pack));
    assert.deepEqual(after.before, ['x', 'y', 'z', 'w'], 'read from the fresh pack');
    assert.equal(Buffer.from(readCached(dir, 'a')!.payload!).toString(), 'payload!');
    const another = dictionaryLoad(dir, [], { fingerprint: 'g' });
    assert.deepEqual(another.before, [], 'no entry of another fingerprint can hit: its dictionary is not taken');
    assert.equal(another.writer.payloadPack, null);
  });

  test('a term with a line break is refused, not filed as two', () => {
    closeCacheReader();
    const writer = createCacheWriter(tempDir('kb-cache-'));
    assert.throws(() => writer.addTerms(['two\nlines']), /line break/);
    writer.abort();
  });
});
