/**
 * `kb check <dir> [--json] [--strict]`: the build's validation (parse + dedupe) without rendering.
 * Human form: `path:line: message [code, severity]` per problem and a summary; --json prints
 * {"files","articles","skipped","errors","warnings"}. Exit 0 unless --strict and any problem.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../lib/build/package-root';
import { loadContent, summarizeReport } from '../../lib/build/load';
import type { Problem } from '../../lib/parse/types';

const root = packageRoot(import.meta.dirname);
const OPTIONS = new Set(['--json', '--strict', '--no-cache']);

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const target = args.find((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && !OPTIONS.has(a));
  if (!target || unknown.length) {
    process.stderr.write(`${unknown.length ? `kb check: unknown option ${unknown.join(' ')}\n` : ''}usage: kb check <dir> [--json] [--strict] [--no-cache]\n`);
    return 2;
  }
  if (!existsSync(target)) {
    process.stderr.write(`kb check: ${target}: no such file or folder\n`);
    return 1;
  }
  const json = args.includes('--json');
  const report = await loadContent({
    contentDir: target,
    cacheDir: args.includes('--no-cache') ? null : path.join(root, '.cache', 'records'),
    progress: !json && process.stderr.isTTY === true,
  });
  if (json) {
    const { files, articles, skipped, errors, warnings } = report;
    process.stdout.write(`${JSON.stringify({ files, articles, skipped, errors, warnings })}\n`);
  } else {
    const isFile = statSync(target).isFile();
    const shown = (p: Problem): string => (isFile ? target : path.join(target, p.file));
    for (const p of [...report.errors, ...report.warnings]) {
      process.stdout.write(`${shown(p)}:${p.line}: ${p.message} [${p.code}, ${p.severity}]\n`);
    }
    for (const line of summarizeReport(report, 0)) process.stdout.write(`${line}\n`);
  }
  const problems = report.errors.length + report.warnings.length;
  return args.includes('--strict') && problems > 0 ? 1 : 0;
}
