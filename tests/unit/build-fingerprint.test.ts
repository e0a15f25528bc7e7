/**
 * The build fingerprint covers every file the parse workers run or read: not only the parser's
 * folders but the tokenizer (lib/search) and the code table (JSON). A fingerprint that misses one of
 * them lets a warm build reuse a stale worker bundle and stale cached records.
 */
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleWorker, hashInputs, parseWorker } from '../../lib/build/worker-build';

const repo = path.resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'kb-fingerprint-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('build fingerprint', () => {
  let inputs: string[] = [];
  before(async () => {
    ({ inputs } = await bundleWorker(repo));
    // a copy of every input, so touching one does not touch the repository
    for (const input of inputs) {
      mkdirSync(path.dirname(path.join(work, input)), { recursive: true });
      copyFileSync(path.join(repo, input), path.join(work, input));
    }
  });

  test('the inputs are what the worker runs and reads: parser, tokenizer, code table, dependencies', () => {
    for (const file of ['lib/build/load-worker.ts', 'lib/parse/parse-article.ts', 'lib/search/tokenize.ts', 'lib/error-codes/table.json']) {
      assert.ok(inputs.includes(file), `${file} is an input`);
    }
    assert.ok(inputs.some((f) => f.startsWith('node_modules/remark-parse/')), 'dependencies are inputs too');
  });

  for (const touched of ['lib/search/tokenize.ts', 'lib/error-codes/table.json', 'lib/parse/reflow.ts']) {
    test(`touching ${touched} changes it`, () => {
      const before = hashInputs(work, inputs);
      assert.match(before ?? '', /^[0-9a-f]{16}$/);
      assert.equal(hashInputs(work, inputs), before, 'stable while nothing changes');
      appendFileSync(path.join(work, touched), '\n');
      assert.notEqual(hashInputs(work, inputs), before);
    });
  }

  test('a missing input makes the list stale (null), never a silent match', () => {
    assert.equal(hashInputs(work, [...inputs, 'lib/search/no-such-file.ts']), null);
  });

  test('parseWorker names the bundle by the fingerprint and reuses it while the inputs are unchanged', async () => {
    const first = await parseWorker(repo);
    assert.ok(first.file && existsSync(first.file), 'bundle written');
    assert.ok(first.file.endsWith(`load-worker-${first.fingerprint}.mjs`));
    assert.equal(first.fingerprint, hashInputs(repo, inputs));
    const second = await parseWorker(repo);
    assert.deepEqual(second, first);
  });
});
