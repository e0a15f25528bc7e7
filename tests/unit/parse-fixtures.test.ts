/**
 * Fixture tests: every tests/fixtures/<case>/input.md goes through parseArticle and is compared
 * with expected.json. `UPDATE=1` rewrites expected.json; review the diff before committing.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseArticle } from '../../lib/parse/parse-article';

const root = path.resolve(import.meta.dirname, '..', 'fixtures');
const cases = readdirSync(root).filter((name) => existsSync(path.join(root, name, 'input.md'))).sort();

test('there are fixtures for every variant', () => {
  assert.ok(cases.length >= 12, `only ${cases.length} fixtures`);
});

for (const name of cases) {
  test(`fixture ${name}`, () => {
    const input = readFileSync(path.join(root, name, 'input.md'));
    const actual = JSON.parse(JSON.stringify(parseArticle(input, `${name}/input.md`)));
    const expectedFile = path.join(root, name, 'expected.json');
    if (process.env.UPDATE === '1' || !existsSync(expectedFile)) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      if (process.env.UPDATE !== '1') assert.fail(`wrote ${expectedFile}: review it, then run again`);
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
}
