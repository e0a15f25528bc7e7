/** lib/build/read-text.ts: a file is read as written, ASCII or not; ASCII JSON parses to the same value. */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { asciiJson, decodeText, readAt, readText } from '../../lib/build/read-text';

const box = mkdtempSync(path.join(tmpdir(), 'kb-read-text-'));
after(() => rmSync(box, { recursive: true, force: true }));

const values = [
  { title: 'Plain ASCII', list: ['a', 'b'], n: 1 },
  { title: 'Caf\u00e9 \u65e5\u672c \u{1f600}', del: '\u007f', quote: '"\\', tab: '\t\n' },
];

test('a file is read as written, ASCII or not', () => {
  for (const value of values) {
    const file = path.join(box, 'text.json');
    const text = JSON.stringify(value);
    writeFileSync(file, text);
    assert.equal(readText(file), readFileSync(file, 'utf8'));
    assert.equal(readText(file), text);
  }
});

test('ASCII JSON is ASCII and parses to the same value', () => {
  for (const value of values) {
    const json = asciiJson(JSON.stringify(value));
    assert.match(json, /^[\x00-\x7e]*$/);
    assert.deepEqual(JSON.parse(json), value);
    const file = path.join(box, 'ascii.json');
    writeFileSync(file, json);
    assert.deepEqual(JSON.parse(readText(file)), value);
  }
});

test('a range of bytes decodes as UTF-8 whether or not the rest is ASCII; readAt gives the bytes or null past the end', () => {
  const bytes = Buffer.from('ascii \u00e9t\u00e9 end');
  assert.equal(decodeText(bytes, 0, 5), 'ascii');
  assert.equal(decodeText(bytes, 6, 11), '\u00e9t\u00e9');
  assert.equal(decodeText(bytes), bytes.toString('utf8'));
  const file = path.join(box, 'bytes');
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  try {
    assert.deepEqual(readAt(fd, 6, 5), bytes.subarray(6, 11));
    assert.equal(readAt(fd, bytes.length - 2, 3), null);
  } finally {
    closeSync(fd);
  }
});
