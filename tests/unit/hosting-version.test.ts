/** The offline copy's version: a function of the export's paths and bytes, reading only what is not named by its content. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { writeHostingFiles } from '../../lib/hosting/index';

const out = mkdtempSync(path.join(tmpdir(), 'kb-hosting-version-'));
after(() => rmSync(out, { recursive: true, force: true }));

async function version(): Promise<string> {
  await writeHostingFiles({ articles: [] }, out, { basePath: '', siteUrl: 'https://kb.example.org' });
  return (JSON.parse(readFileSync(path.join(out, '_kb', 'offline-manifest.json'), 'utf8')) as { version: string }).version;
}

test('content-named index files count by name; every other file by its bytes', async () => {
  mkdirSync(path.join(out, '_kb', 'search', 'terms'), { recursive: true });
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"></head><body>home</body></html>');
  writeFileSync(path.join(out, '_kb', 'search', 'meta.json'), '{"build":"one"}');
  const named = path.join(out, '_kb', 'search', 'terms', '0.0123abcd.json');
  writeFileSync(named, '["a"]');
  const first = await version();
  assert.equal(await version(), first, 'nothing changed');
  writeFileSync(named, '["b"]');
  assert.equal(await version(), first, 'a content-named file is not read (its name stands for its bytes)');
  renameSync(named, path.join(out, '_kb', 'search', 'terms', '0.89abcdef.json'));
  const renamed = await version();
  assert.notEqual(renamed, first, 'a new name is a new version');
  writeFileSync(path.join(out, '_kb', 'search', 'meta.json'), '{"build":"two"}');
  const meta = await version();
  assert.notEqual(meta, renamed, 'meta.json keeps its name: its bytes count');
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"></head><body>home, edited</body></html>');
  assert.notEqual(await version(), meta, 'a page edited');
});
