/**
 * The CLI's clean ends: options read by node:util's parseArgs (`--limit=5` works), every bad flag
 * value an error with exit 2 (no value silently ignored), and a reader that goes away (`| head -1`)
 * ends the command quietly instead of with an EPIPE stack trace.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { createSearchIndexBuilder } from '../../lib/search/build-index';
import { archiveArticle, contentFolder } from './load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const made: string[] = [];
after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

function record(n: number): ArticleRecord {
  const id = `Q${200000 + n}`;
  return {
    id, number: 200000 + n, title: `Queue stalls case ${n}`, permalink: `/kb/200/${id}/`,
    ...emptyPageFields(), products: ['Sample Product'], lastModified: '1999-01-02',
    sections: [{ kind: 'symptoms', heading: 'SYMPTOMS', text: 'The queue stalls until the spooler restarts.', blocks: [] }],
    errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown',
  };
}

let index = '';
before(async () => {
  index = mkdtempSync(path.join(tmpdir(), 'kb-cli-args-'));
  made.push(index);
  const builder = createSearchIndexBuilder();
  for (let n = 1; n <= 12; n++) builder.add(record(n));
  await builder.finish(index);
});

function kb(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'kb.ts'), ...args], { cwd: root, encoding: 'utf8', input });
}

describe('kb: arguments', () => {
  test('--limit=5 and --limit 5 mean the same', () => {
    for (const args of [['--limit=5'], ['--limit', '5']]) {
      const r = kb(['search', 'queue', '--json', '--index', index, ...args]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { results: unknown[] }).results.length, 5, args.join(' '));
    }
  });

  test('every bad flag value is an error with exit 2, never ignored', () => {
    const cases: [string[], RegExp][] = [
      [['search', 'queue', '--index', index, '--year', 'abc'], /--year must be a four-digit year, not "abc"/],
      [['search', 'queue', '--index', index, '--limit', '0'], /--limit must be a whole number of at least 1/],
      [['search', 'queue', '--index', index, '--limit', '5x'], /--limit must be a whole number/],
      [['search', 'queue', '--index', index, '--product', ''], /--product needs a value/],
      [['search', 'queue', '--index', index, '--limit'], /argument missing|--limit/],
      [['search', 'queue', '--bogus'], /Unknown option '--bogus'/],
      [['search', 'queue', '--stdin'], /not both/],
      [['check', 'content', '--strcit'], /Unknown option '--strcit'/],
      [['check'], /give a folder or file/],
      [['parse', 'a', 'b'], /one file or folder/],
      [['lookup', '--jsn', '0x5'], /Unknown option '--jsn'/],
      [['index', '--out'], /argument missing|--out/],
    ];
    for (const [args, message] of cases) {
      const r = kb(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.match(r.stderr, /usage: kb /, args.join(' '));
    }
  });

  test('a code starting with "-" is a code, not an option', () => {
    const r = kb(['lookup', '-2147467259', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { input: string }).input, '-2147467259');
  });
});

describe('kb: a reader that goes away', () => {
  test('kb search --stdin | head -1 ends quietly: no EPIPE trace, exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'kb.ts'), 'search', '--stdin', '--index', index], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.stdin.on('error', () => {}); // the child may end before it has read everything
    await new Promise<void>((resolve) => {
      child.stdout.once('data', () => { child.stdout.destroy(); resolve(); });
      child.stdin.write('queue\n');
    });
    // keep asking: the child writes into the closed pipe and must end on its own
    child.stdin.end('queue\n'.repeat(2000));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
  });

  test('kb parse … | head -1 ends quietly too', async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 200; n++) files[`Q9${String(n).padStart(5, '0')}.md`] = archiveArticle({ id: `Q9${String(n).padStart(5, '0')}`, title: `Case ${n}`, body: 'The widget stops. '.repeat(40) });
    const dir = contentFolder(files);
    made.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'kb.ts'), 'parse', dir, '--json'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
  });
});
