/**
 * Bounded parse cost: hostile Markdown (nested emphasis, brackets, list markers, quotes, code spans)
 * is caught by structural limits before the expensive parse and shown as plain text, so 100 KB of
 * any of it parses in at most 2 s of CPU time; a 5 MB article of either format parses in at most
 * 2 s within a 512 MB heap. CPU time (not wall time) keeps the bound meaningful on a busy machine.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { markdownLimitExceeded } from '../../lib/parse/markdown-limits';
import { parseArticle } from '../../lib/parse/parse-article';
import { archiveArticle } from './load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const SIZE = 100 * 1024;

/** Repeats `unit` (built by index) until the text is `size` characters long. */
function fill(size: number, unit: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const piece = unit(i);
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('').slice(0, size);
}

/** Hostile Markdown bodies, each 100 KB. */
export const HOSTILE_MARKDOWN: Record<string, string> = {
  'nested emphasis': fill(SIZE / 2, () => '*a ') + fill(SIZE / 2, () => ' a*'),
  'emphasis runs': fill(SIZE / 2, () => '*') + 'a' + fill(SIZE / 2 - 1, () => '*'),
  'mixed emphasis': fill(SIZE, () => '_*'),
  'nested links': fill(SIZE / 2, () => '[') + 'a' + fill(SIZE / 2 - 1, () => ']'),
  'unclosed links': fill(SIZE, () => '[a]('),
  'images in links': fill(SIZE, () => '![a]('),
  'list markers on one line': fill(SIZE, () => '- '),
  'nested list lines': fill(SIZE, (i) => `${'- '.repeat(16)}a\n\n`.repeat(1) + (i % 2 ? '' : '')),
  'indented list': fill(SIZE, (i) => `${'  '.repeat(i % 300)}- a\n`),
  'block quotes': fill(SIZE, () => '>'),
  'quote lines': fill(SIZE, (i) => `${'>'.repeat(i % 200)} a\n`),
  'code spans': fill(SIZE, (i) => `${'`'.repeat(i % 50 + 1)}a`),
  'autolinks and tags': fill(SIZE, () => '<a '),
  'flat list': fill(SIZE, () => '- a b c d\n'),
  'lazy lines in deep lists': `${'- '.repeat(32)}a\n${fill(SIZE, () => 'b\n')}`,
  'table': `| a |\n|---|\n${fill(SIZE, () => '| x |\n')}`,
  'wide table': `${fill(SIZE / 2, () => '| a ')}\n${fill(SIZE / 2, () => '|---')}\n`,
};

function markdownArticle(body: string): string {
  return `---\nid: Q900500\ntitle: Hostile body\n---\n${body}`;
}

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('bounded parse cost', () => {
  // warm the parser once so the first case does not pay for loading it
  parseArticle(markdownArticle('a *b* [c](d)\n\n- x\n'), 'warm.md');

  for (const [name, body] of Object.entries(HOSTILE_MARKDOWN)) {
    test(`100 KB of ${name} parses in at most 2 s of CPU`, () => {
      let problems: string[] = [];
      const ms = cpuMs(() => {
        const result = parseArticle(markdownArticle(body), 'hostile.md');
        assert.ok(result.record, 'a record (plain text if need be)');
        problems = result.problems.map((p) => p.code);
      });
      assert.ok(ms <= 2000, `${name}: ${Math.round(ms)} ms of CPU (${problems.join(', ')})`);
      if (process.env.KB_SHOW_CPU) console.log(name, Math.round(ms), problems.join(" "));
    });
  }

  test('the largest prefix of each hostile body that passes the limits still parses as Markdown in at most 2 s of CPU', () => {
    for (const [name, body] of Object.entries(HOSTILE_MARKDOWN)) {
      let low = 0;
      let high = body.length;
      while (high - low > 64) {
        const mid = Math.floor((low + high) / 2);
        if (markdownLimitExceeded(body.slice(0, mid)) === null) low = mid;
        else high = mid;
      }
      const prefix = body.slice(0, low);
      let fallback = true;
      const ms = cpuMs(() => { fallback = parseArticle(markdownArticle(prefix), 'edge.md').problems.some((p) => p.code === 'markdown-fallback'); });
      if (process.env.KB_SHOW_CPU) console.log('edge', name, prefix.length, Math.round(ms), fallback);
      assert.ok(ms <= 2000, `${name}: ${prefix.length} bytes accepted, ${Math.round(ms)} ms of CPU`);
    }
  });

  test('the limits are structural: the same bytes give the same answer, and ordinary Markdown passes', () => {
    const ordinary = fill(60 * 1024, (i) => `Paragraph ${i} with *some* emphasis, \`code\` and a [link](https://example.com/${i}).\n\n- one\n- two\n  - nested\n\n`);
    assert.equal(markdownLimitExceeded(ordinary), null);
    const body = HOSTILE_MARKDOWN['nested emphasis'] as string;
    assert.match(markdownLimitExceeded(body) ?? '', /too intricate/);
    assert.equal(markdownLimitExceeded(body), markdownLimitExceeded(body.slice()));
    assert.match(markdownLimitExceeded(`${'- '.repeat(33)}a`) ?? '', /nests more than 32/);
    assert.equal(markdownLimitExceeded(`${'- '.repeat(8)}a`), null);
    const fenced = `\`\`\`\n${'int **p = *q; '.repeat(2000)}\n\`\`\`\n`;
    assert.equal(markdownLimitExceeded(fenced), null, 'delimiters inside fenced code cost nothing');
  });

  test('a 5 MB article of either format parses in at most 2 s of CPU within a 512 MB heap', () => {
    const script = `
      import { parseArticle } from ${JSON.stringify(path.join(root, 'lib/parse/parse-article.ts'))};
      import { archiveArticle } from ${JSON.stringify(path.join(root, 'tests/unit/load-fixtures.ts'))};
      const MB5 = 5 * 1024 * 1024 - 4096;
      const para = 'The widget stops responding after it starts; error 10038 (WSAENOTSOCK) appears. See Q155738 for more. ';
      const legacyBody = ('\\t' + para + '\\n').repeat(Math.floor(MB5 / (para.length + 2)));
      const legacy = archiveArticle({ id: 'Q900501', title: 'Large', body: legacyBody.trimStart() });
      const markdown = '---\\nid: Q900502\\ntitle: Large\\n---\\n' + ('## Part\\n\\n' + para.repeat(20) + '\\n\\n- a *b* [c](d)\\n').repeat(Math.floor(MB5 / (para.length * 20 + 40)));
      const out = {};
      for (const [name, text] of Object.entries({ legacy, markdown })) {
        const before = process.cpuUsage();
        const result = parseArticle(text, name + '.md');
        const used = process.cpuUsage(before);
        out[name] = { ms: (used.user + used.system) / 1000, bytes: text.length, ok: result.record !== null };
      }
      console.log(JSON.stringify(out));
    `;
    const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `the parse fits a 512 MB heap:\n${r.stderr.slice(-2000)}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, { ms: number; bytes: number; ok: boolean }>;
    if (process.env.KB_SHOW_CPU) console.log(JSON.stringify(out));
    for (const [name, m] of Object.entries(out)) {
      assert.ok(m.ok, `${name}: a record`);
      assert.ok(m.bytes > 5 * 1024 * 1024 - 200_000, `${name}: ${m.bytes} bytes`);
      assert.ok(m.ms <= 2000, `${name}: ${Math.round(m.ms)} ms of CPU`);
    }
    void archiveArticle;
  });
});
