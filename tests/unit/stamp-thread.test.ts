/**
 * The build stamps out/ on a thread of its own while it walks the content (lib/build/stamp-thread.ts):
 * the stamp is the one taken here, its folder listings are kept for the next, and a change below the
 * folder changes it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathStamp } from '../../lib/build/build-state';
import { stampOnThread } from '../../lib/build/stamp-thread';

const root = path.resolve(import.meta.dirname, '..', '..');
const box = mkdtempSync(path.join(tmpdir(), 'kb-stamp-thread-'));
after(() => rmSync(box, { recursive: true, force: true }));

test('the stamp taken on the thread is the one taken here; its listings are saved; a change changes it', async () => {
  const target = path.join(box, 'out');
  for (const dir of ['kb/155/Q155738', 'kb/155/Q155739', 'error/winsock']) mkdirSync(path.join(target, dir), { recursive: true });
  writeFileSync(path.join(target, 'kb/155/Q155738/index.html'), '<p>one</p>');
  writeFileSync(path.join(target, 'kb/155/Q155739/index.html'), '<p>two</p>');
  writeFileSync(path.join(target, 'error/winsock/index.html'), '<p>codes</p>');
  const listings = path.join(box, 'listings', 'out.tsv');
  mkdirSync(path.dirname(listings), { recursive: true });
  const first = await stampOnThread(root, { target, listings });
  assert.equal(first, pathStamp(target));
  assert.ok(existsSync(listings), 'the folder listings are kept for the next stamp');
  // again, with the listings of the first: the same stamp
  assert.equal(await stampOnThread(root, { target, listings }), first);
  // a page rewritten with other bytes of another size
  writeFileSync(path.join(target, 'kb/155/Q155739/index.html'), '<p>two, longer</p>');
  const second = await stampOnThread(root, { target, listings });
  assert.notEqual(second, first);
  assert.equal(second, pathStamp(target));
});
