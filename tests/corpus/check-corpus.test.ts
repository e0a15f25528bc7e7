/**
 * `kb check` logic over the whole real archive: no errors, and the counts add up.
 * Skips (with the reason) when the corpus is absent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { corpusOrSkip } from './corpus-path';

const { dir, skip } = corpusOrSkip();

test('kb check over the whole archive: 0 errors, files = articles + skipped', { skip }, async (t) => {
  const report = await loadContent({ contentDir: dir as string, cacheDir: null });
  const byCode = new Map<string, number>();
  for (const p of [...report.errors, ...report.warnings]) byCode.set(`${p.severity} ${p.code}`, (byCode.get(`${p.severity} ${p.code}`) ?? 0) + 1);
  t.diagnostic(`${report.files} files, ${report.articles} articles, ${report.skipped.length} skipped, ${report.errors.length} errors, ${report.warnings.length} warnings in ${(report.durationMs / 1000).toFixed(1)} s`);
  for (const [code, count] of [...byCode].sort((a, b) => b[1] - a[1])) t.diagnostic(`  ${code}: ${count}`);
  assert.equal(report.files, 60_335, 'the archive holds 60,335 articles');
  assert.equal(report.files, report.articles + report.skipped.length);
  assert.deepEqual(report.errors.slice(0, 10), [], `${report.errors.length} errors`);
  assert.equal(report.articles, 60_335);
});
