import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createPackWriter } from '../../lib/build/pack-file';

const dir = mkdtempSync(path.join(tmpdir(), 'kb-pack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a pack holds every append at the place it gave, across writes, texts in UTF-8, pieces larger than its buffer whole', () => {
  const file = path.join(dir, 'a.pack');
  writeFileSync(file, 'old');
  const writer = createPackWriter(file, { append: true });
  const big = Buffer.alloc(5 << 20, 7);
  const pieces: [Uint8Array | string, [number, number]][] = [];
  const scratch = Buffer.from('reused');
  pieces.push([Buffer.from(scratch), writer.append(scratch)]);
  scratch.write('REUSED'); // the writer copied the bytes: changing them now changes nothing
  for (let i = 0; i < 3000; i++) {
    const text = `«record ${i}» ${'é'.repeat(i % 700)}`;
    pieces.push([text, writer.appendText(text)]);
  }
  pieces.push([big, writer.append(big)]);
  pieces.push(['last', writer.appendText('last')]);
  writer.close();
  writer.close();
  const pack = readFileSync(file);
  assert.equal(pack.toString('utf8', 0, 3), 'old', 'an append keeps what the file held');
  for (const [want, [offset, length]] of pieces) {
    const got = pack.subarray(offset, offset + length);
    if (typeof want === 'string') assert.equal(got.toString('utf8'), want);
    else assert.ok(Buffer.from(want).equals(got));
  }
  assert.equal(pack.length, pieces.at(-1)![1][0] + 4);
});
