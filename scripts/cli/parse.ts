/**
 * `kb parse <file-or-dir> [--json]`: one record per line (JSON lines) on stdout, in path order;
 * problems on stderr as `path:line: message`. Prints every parsed file, duplicates included:
 * dedupe is `kb check`'s and the build's job.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError, readArgs, withUsage } from './args';
import { loadContent } from '../../lib/build/load';

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  return withUsage('parse', 'kb parse <file-or-dir> --json', () => {
    // --json is the only output: accepted for the scripts that pass it
    const { positionals } = readArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one file or folder to parse' : 'give a file or folder to parse');
    return parse(positionals[0] as string);
  });
}

async function parse(target: string): Promise<number> {
  if (!existsSync(target)) {
    process.stderr.write(`kb parse: ${target}: no such file or folder\n`);
    return 1;
  }
  // problems name the path as the user can open it
  const shown = (source: string): string => (statSync(target).isFile() ? target : path.join(target, source));
  await loadContent({
    contentDir: target,
    cacheDir: null,
    onResult(result, file) {
      if (result.record) process.stdout.write(`${JSON.stringify(result.record)}\n`);
      for (const p of result.problems) {
        process.stderr.write(`${shown(file.source)}:${p.line}: ${p.message} [${p.code}, ${p.severity}]\n`);
      }
    },
  });
  return 0;
}
