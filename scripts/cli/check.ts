/**
 * `kb check <dir> [--json] [--strict]`: the build's validation (parse + dedupe) without rendering.
 * Human form: `path:line: message [code, severity]` per problem and a summary; --json prints
 * {"files","articles","skipped","errors","warnings"}. Exit 0 unless --strict and any problem.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../lib/build/package-root';
import { loadContent, summarizeReport } from '../../lib/build/load';
import { UsageError, readArgs, withUsage } from './args';
import type { Problem } from '../../lib/parse/types';

const root = packageRoot(import.meta.dirname);
const USAGE = 'kb check <dir> [--json] [--strict] [--no-cache]';

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  return withUsage('check', USAGE, () => {
    const { values, positionals } = readArgs(args, { json: { type: 'boolean' }, strict: { type: 'boolean' }, 'no-cache': { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one folder or file to check' : 'give a folder or file to check');
    return check(positionals[0] as string, values.json === true, values.strict === true, values['no-cache'] === true);
  });
}

async function check(target: string, json: boolean, strict: boolean, noCache: boolean): Promise<number> {
  if (!existsSync(target)) {
    process.stderr.write(`kb check: ${target}: no such file or folder\n`);
    return 1;
  }
  const report = await loadContent({
    contentDir: target,
    cacheDir: noCache ? null : path.join(root, '.cache', 'records'),
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
  return strict && problems > 0 ? 1 : 0;
}
