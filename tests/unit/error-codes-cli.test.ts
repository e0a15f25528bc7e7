/**
 * `kb lookup`: the JSON the issue asks for, with articles parsed from KB_CONTENT_DIR (two articles
 * written for the test), and the exit codes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../scripts/cli/lookup';

function article(id: string, title: string, symptoms: string): string {
  const bucket = id.slice(1, 4);
  return [
    '---', 'layout: page', `title: "${id}: ${title}"`, `permalink: /kb/${bucket}/${id}/`, '---', '',
    `## ${id}: ${title}`, '', '{% raw %}', '',
    `\tArticle: ${id}`, '\tProduct(s): Microsoft Windows NT', '\tVersion(s): 4.0', '\tOperating System(s): ',
    '\tKeyword(s): kbnetwork', '\tLast Modified: 01-MAR-2001', '\t', '\tSYMPTOMS', '\t========', '\t',
    `\t${symptoms}`, '\t', '{% endraw %}', '',
  ].join('\n');
}

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, { write: (text: string) => { out += text; } });
  return { code, out };
}

describe('kb lookup', () => {
  const saved = process.env.KB_CONTENT_DIR;
  before(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-lookup-'));
    mkdirSync(path.join(dir, 'kb', '901', 'Q901001'), { recursive: true });
    mkdirSync(path.join(dir, 'kb', '901', 'Q901002'), { recursive: true });
    writeFileSync(path.join(dir, 'kb/901/Q901001/README.md'), article('Q901001', 'Send Fails with Error 10038', 'The program gets WSAENOTSOCK from send.'));
    writeFileSync(path.join(dir, 'kb/901/Q901002/README.md'), article('Q901002', 'Sockets Notes', 'A closed handle gives error 10038 later on.'));
    process.env.KB_CONTENT_DIR = dir;
  });
  after(() => {
    if (saved === undefined) delete process.env.KB_CONTENT_DIR;
    else process.env.KB_CONTENT_DIR = saved;
  });

  it('prints every reading with the articles that mention it, title mentions first', async () => {
    const { code, out } = await capture(['0x2736', '--json']);
    assert.equal(code, 0);
    const result = JSON.parse(out) as { input: string; matches: { name: string; family: string; value: number; hex: string; description: string | null; articles: string[] }[] };
    assert.equal(result.input, '0x2736');
    assert.equal(result.matches.length, 1);
    const [m] = result.matches;
    assert.deepEqual([m?.name, m?.family, m?.value, m?.hex], ['WSAENOTSOCK', 'winsock', 10038, '0x00002736']);
    assert.equal(typeof m?.description, 'string');
    assert.deepEqual(m?.articles, ['Q901001', 'Q901002']);
  });
  it('exits 1 when the input reads as no code, 2 without input', async () => {
    assert.equal((await capture(['printer', '--json'])).code, 1);
    assert.equal((await capture(['--json'])).code, 2);
  });
  it('prints a human form without --json', async () => {
    const { out } = await capture(['STOP', '0xA']);
    assert.match(out, /IRQL_NOT_LESS_OR_EQUAL\s+\(bugcheck\)\s+10\s+0x0000000A/);
  });
});
