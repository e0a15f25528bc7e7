/**
 * The client bundle step (scripts/bundle-client.ts) runs esbuild only when something the bundles are
 * made from changed, or a bundle is not as it wrote it; otherwise it leaves them untouched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { bundleClient } from '../../scripts/bundle-client';

const work = mkdtempSync(path.join(tmpdir(), 'kb-client-bundle-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('the bundles are made once, kept while unchanged, and made again when one is altered or the base path changes', async () => {
  const out = path.join(work, 'assets');
  const record = path.join(work, 'client.json');
  const first = await bundleClient({ basePath: '' }, out, record);
  const bytes = readFileSync(first.kb);
  const written = statSync(first.kb).mtimeMs;
  assert.match(path.basename(first.search), /^search-[0-9a-f]{10}\.js$/);

  assert.deepEqual(await bundleClient({ basePath: '' }, out, record), first);
  assert.equal(statSync(first.kb).mtimeMs, written, 'kept: not written again');

  writeFileSync(first.kb, 'altered');
  await bundleClient({ basePath: '' }, out, record);
  assert.deepEqual(readFileSync(first.kb), bytes, 'an altered bundle is made again');

  await bundleClient({ basePath: '/kbarchive' }, out, record);
  assert.notDeepEqual(readFileSync(first.kb), bytes, 'another base path: made again');
  assert.match(readFileSync(first.kb, 'utf8'), /\/kbarchive/);
});
