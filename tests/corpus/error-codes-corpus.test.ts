/**
 * Error-code extraction over the real archive: every article whose title carries a code the table
 * knows (a hex code, or `error N`) must get that code. Runs the extractor on the title and the raw
 * body text (no parser needed). Prints recall and the most-cited codes as test diagnostics.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { extractErrorCodes, lookupCode } from '../../lib/error-codes/index';
import { corpusOrSkip } from './corpus-path';

const { dir, skip } = corpusOrSkip();

/** Recall floor: the misses are codes of other numberings (BASIC run-time errors, characters, offsets). */
const MIN_RECALL = 0.85;

/** Every README.md / *.md below `root`, in a stable order. */
function articleFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.md')) out.push(path.join(d, e.name));
    }
  };
  walk(root);
  return out;
}

/** The title without the `Q123456: ` prefix, the few entities titles use decoded. */
function titleOf(raw: string): string {
  const m = /^title:\s*"?(.*?)"?\s*$/m.exec(raw);
  return (m?.[1] ?? '').replace(/^Q\d+:\s*/, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

test('every code a title carries is extracted', { skip }, (t) => {
  const files = articleFiles(dir!);
  assert.ok(files.length > 1000, `only ${files.length} articles under ${dir}`);
  let expected = 0;
  let found = 0;
  const misses: string[] = [];
  const cited = new Map<string, number>();
  for (const file of files) {
    const raw = readFileSync(file, 'utf8');
    const title = titleOf(raw);
    const body = raw.replace(/^---[\s\S]*?\n---/, '');
    const codes = extractErrorCodes({ title, sections: [{ kind: 'body', text: body }] });
    for (const c of codes) cited.set(c.key, (cited.get(c.key) ?? 0) + 1);
    const keys = new Set(codes.map((c) => c.key));
    for (const m of title.matchAll(/\b0x[0-9a-f]+\b|\berror:?\s+#?\d+\b/gi)) {
      const readings = lookupCode(m[0].replace(/^error:?\s+#?/i, 'error '));
      // only codes the table names: an unnamed HRESULT gets no page
      if (readings.length === 0 || readings[0]!.key.startsWith('hresult/0x')) continue;
      expected++;
      if (readings.some((r) => keys.has(r.key))) found++;
      else misses.push(`${path.basename(path.dirname(file))}: "${m[0]}" in "${title}"`);
    }
  }
  const recall = found / expected;
  t.diagnostic(`title codes: ${found}/${expected} extracted, recall ${(100 * recall).toFixed(1)}%`);
  t.diagnostic(`most cited: ${[...cited].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  t.diagnostic(`some misses: ${misses.slice(0, 10).join(' | ')}`);
  assert.ok(expected > 500, `only ${expected} title codes found: is this the archive?`);
  assert.ok(recall >= MIN_RECALL, `recall ${(100 * recall).toFixed(1)}% < ${100 * MIN_RECALL}%`);
});
