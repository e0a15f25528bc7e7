/** lib/build/read-text.ts: a file is read as written, ASCII or not; ASCII JSON parses to the same value. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { asciiJson, readText } from '../../lib/build/read-text';

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
