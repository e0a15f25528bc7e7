/**
 * What the benches share about their input: the command-line helpers, the median, and the share of a
 * content folder a bench runs on (`--fraction`: the first articles in the walk's stable order) placed
 * in a folder of links.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { walkContent, type ContentFile } from '../lib/build/walk';

/** The value after `name` in `args`, else `fallback`. */
export function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Checks a `--fraction` value: a share of the articles in (0, 1]. */
export function validFraction(fraction: number): boolean {
  return fraction > 0 && fraction <= 1;
}

/** The first `fraction` of the articles below `dir`, in the walk's stable (byte) order. */
export function chooseArticles(dir: string, fraction: number): ContentFile[] {
  const all = walkContent(dir);
  return all.slice(0, Math.ceil(all.length * fraction));
}

/**
 * The given files in a folder (a fresh one under the system temp folder unless `dir` is given),
 * keeping their relative paths: hard links (the walk refuses symlinks leading outside the content
 * folder), copies across file systems. The benches never write through a link: an edit replaces the
 * link with a new file.
 */
export function subsetFolder(files: ContentFile[], dir = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'))): string {
  for (const f of files) {
    const target = path.join(dir, f.source);
    mkdirSync(path.dirname(target), { recursive: true });
    try { linkSync(f.file, target); } catch { copyFileSync(f.file, target); }
  }
  return dir;
}

/**
 * Files one bench run under its fraction in `<dir>/<name>.json` (runs of other fractions are kept, so
 * 0.25, 0.5 and 1 give the growth curve), rewrites `<name>.md` from all of them and returns it.
 */
export function saveResults<T>(dir: string, name: string, fraction: number, run: T, markdownOf: (runs: T[]) => string): string {
  mkdirSync(dir, { recursive: true });
  const jsonFile = path.join(dir, `${name}.json`);
  const previous = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { runs?: Record<string, T> }) : {};
  const runs = { ...(previous.runs ?? {}), [String(fraction)]: run };
  writeFileSync(jsonFile, `${JSON.stringify({ runs }, null, 1)}\n`);
  const markdown = markdownOf(Object.values(runs));
  writeFileSync(path.join(dir, `${name}.md`), markdown);
  return markdown;
}
