/**
 * `kb search`: JSON output and --stdin (one JSON line per query), over an index built here.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { run } from '../../scripts/cli/search';

const root = path.resolve(import.meta.dirname, '..', '..');

function record(id: string, title: string, text: string): ArticleRecord {
  return {
    id, number: Number(id.slice(1)), title, permalink: `/kb/${id.slice(1, 4)}/${id}/`,
    ...emptyPageFields(), products: ['Sample Product'], lastModified: '1999-01-02',
    sections: [{ kind: 'symptoms', heading: 'SYMPTOMS', text, blocks: [] }], errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown',
  };
}

let dir = '';
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kb-search-cli-'));
  const builder = createSearchIndexBuilder();
  builder.add(record('Q200001', 'Printer Queue Stalls After Paper Jam', 'The queue stalls until the spooler restarts.'));
  builder.add(record('Q200002', 'Modem Drops Line at 9600 Baud', 'The modem hangs up after the queue of bytes overflows.'));
  await builder.finish(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...values: unknown[]) => { lines.push(values.join(' ')); };
  try {
    const code = await run(args);
    return { code, out: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

test('kb search --json prints the query and the results with id, title and permalink', async () => {
  const { code, out } = await capture(['queue', '--json', '--limit', '1', '--index', dir]);
  assert.equal(code, 0);
  const json = JSON.parse(out) as { query: string; total: number; results: { id: string; title: string; permalink: string }[] };
  assert.equal(json.query, 'queue');
  assert.equal(json.total, 2);
  assert.deepEqual(json.results.map((r) => [r.id, r.title, r.permalink]), [['Q200001', 'Printer Queue Stalls After Paper Jam', '/kb/200/Q200001/']]);
});

test('kb search refuses a bad --limit and a missing index with a message', async () => {
  assert.equal((await capture(['queue', '--limit', 'many', '--index', dir])).code, 2);
  assert.equal((await capture(['queue', '--index', path.join(dir, 'nowhere')])).code, 1);
});

test('kb search --stdin answers one JSON line per input line', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'kb.ts'), 'search', '--json', '--stdin', '--index', dir], {
    cwd: root, input: 'modem\n\nQ200001\n', encoding: 'utf8',
  });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { query: string; results: { id: string }[] });
  assert.deepEqual(lines.map((l) => [l.query, l.results[0]?.id]), [['modem', 'Q200002'], ['Q200001', 'Q200001']]);
});

test('kb search --json keeps its keys and gives a correction in a key of its own', async () => {
  const plain = JSON.parse((await capture(['queue', '--json', '--index', dir])).out) as Record<string, unknown>;
  assert.deepEqual(Object.keys(plain), ['query', 'total', 'fallback', 'codeCard', 'results', 'correction']);
  assert.equal(plain.correction, null);
  const typo = JSON.parse((await capture(['quuee', '--json', '--index', dir])).out) as { query: string; correction: unknown; results: { id: string }[] };
  assert.equal(typo.query, 'quuee'); // as given
  assert.deepEqual(typo.correction, { query: 'queue', original: '"quuee"', words: [['quuee', 'queue']] });
  assert.deepEqual(typo.results.map((r) => r.id), ['Q200001', 'Q200002']);
});
