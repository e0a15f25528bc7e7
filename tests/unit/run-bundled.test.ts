/**
 * `npm run build` runs scripts/build.ts as an esbuild bundle (scripts/run-bundled.mjs) named by a
 * fingerprint of its inputs: it is made once, run again while nothing it was made from changed, and
 * made anew when an input changes or a new file changes what an import resolves to; without it the
 * entry runs through tsx.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'kb-run-bundled-'));
const name = `kb-test-entry-${process.pid}`;
const entry = path.join(work, `${name}.ts`);
const bundles = path.join(root, '.cache', 'bundle');
const made = (): string[] => (existsSync(bundles) ? readdirSync(bundles).filter((d) => d.startsWith(`${name}-`)) : []);
after(() => {
  rmSync(work, { recursive: true, force: true });
  for (const d of made()) rmSync(path.join(bundles, d), { recursive: true, force: true });
  rmSync(path.join(bundles, `${name}.inputs.json`), { force: true });
});

function run(env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run-bundled.mjs'), entry, 'one', '--two'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('the bundle is made once, reused while its inputs are unchanged, and made anew when they change', () => {
  writeFileSync(path.join(work, 'dep.ts'), "export const value: string = 'A';\n");
  writeFileSync(entry, "import { value } from './dep';\nconsole.log(`${value} ${process.argv.slice(2).join(' ')} ${import.meta.url === `file://${process.argv[1]}`} ${import.meta.url.endsWith('.mjs') ? 'bundle' : 'sources'}`);\n");
  assert.equal(run(), 'A one --two true bundle', 'the arguments; the bundle is the main module');
  const first = made();
  assert.equal(first.length, 1);
  assert.equal(run(), 'A one --two true bundle');
  assert.deepEqual(made(), first, 'reused: no new bundle');

  writeFileSync(path.join(work, 'dep.ts'), "export const value: string = 'B';\n");
  assert.equal(run(), 'B one --two true bundle', 'an input changed');
  assert.equal(run({ KB_BUNDLE: '0' }), 'B one --two true sources', 'KB_BUNDLE=0: the sources through tsx');

  // esbuild takes dep.tsx before dep.ts: a new file changes what the import resolves to
  writeFileSync(path.join(work, 'dep.tsx'), "export const value: string = 'C';\n");
  assert.equal(run(), 'C one --two true bundle', 'a new file beside an input');
  assert.ok(made().length <= 2, 'older bundles go (the newest two are kept)');
});
