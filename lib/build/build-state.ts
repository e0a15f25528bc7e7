/**
 * What the last build was made from and what it left behind, so that a build after no change does
 * nothing. Two stamps, each a hash of the relative path, size and modification time of every file
 * below some folders (stat only: ~0.5 s for the whole archive): `sources` (the content, the code, the
 * settings) taken when a build starts, `outputs` (out/, public/, the store's site data) taken when it
 * ends. A build whose sources stamp and whose current outputs both match the last successful build's
 * is skipped. Any edit, added or deleted file, changed setting or touched output runs the build.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Walked } from './walk';

export interface BuildState {
  sources: string;
  outputs: string;
  /** what `next build` was run on (code, settings): unchanged, it is skipped */
  next?: string;
  /** public/'s files as Next copied them into out/ (removed from out/ when they leave public/) */
  publicFiles?: string[];
  /** the digest of the listing of out/ this build left (lib/build/out-listing.ts): the next build trusts that file only then */
  listing?: string;
}

/**
 * Adds every file below `target` (a folder or a file; missing is recorded as missing) to the hash.
 * Links are recorded by what they point to and never walked into: a content folder may hold symlink
 * loops (lib/build/walk.ts reads the files they reach once, under their own paths).
 */
function addTree(hash: Hash, target: string, listed?: readonly ListedFile[]): void {
  let stat;
  try { stat = statSync(target); } catch { hash.update(`missing ${target}\n`); return; }
  if (!stat.isDirectory()) {
    hash.update(`${target} ${stat.size} ${stat.mtimeMs}\n`);
    return;
  }
  hash.update(`dir ${target}\n`);
  if (listed) {
    for (const line of listed.map((f) => `${f.file} ${f.size} ${f.mtimeMs}`).sort()) hash.update(`${line}\n`);
    return;
  }
  const lines: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    let entries;
    try { entries = readdirSync(path.join(target, rel), { withFileTypes: true }); } catch { lines.push(`unreadable ${rel}`); continue; }
    for (const entry of entries) {
      const name = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) pending.push(name);
      else if (entry.isSymbolicLink()) {
        let to = '';
        try { to = readlinkSync(path.join(target, name)); } catch { /* vanished */ }
        let s;
        try { s = statSync(path.join(target, name)); } catch { s = null; }
        lines.push(`${name} -> ${to} ${s && !s.isDirectory() ? `${s.size} ${s.mtimeMs}` : ''}`);
      } else {
        let s;
        try { s = statSync(path.join(target, name)); } catch { continue; }
        lines.push(`${name} ${s.size} ${s.mtimeMs}`);
      }
    }
  }
  for (const line of lines.sort()) hash.update(`${line}\n`);
}

/** A file below a folder as a listing gives it: relative path with `/`, size, modification time. */
export interface ListedFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * A stamp of the given settings and of every file below the given paths. `listed`: folders whose
 * files the caller has just listed and stat'ed (a folder of plain files, no links: the build's out/
 * as the hosting step saw it), hashed as walking them would.
 */
export function treeStamp(paths: readonly string[], settings: unknown = null, listed: ReadonlyMap<string, readonly ListedFile[]> = new Map()): string {
  const hash = createHash('sha1').update(`${JSON.stringify(settings)}\n`);
  for (const target of paths) addTree(hash, path.resolve(target), listed.get(path.resolve(target)));
  return hash.digest('hex');
}

/**
 * A stamp of the content as walked (walk.ts: every article's path, size and modification time, the
 * file it reads and what the walk refused); null: the content could not be walked. Only what the
 * load reads counts: a file that is not an article changes nothing.
 */
export function walkStamp(walked: Walked | null): string {
  const hash = createHash('sha1');
  if (!walked) return hash.update('unwalkable\n').digest('hex');
  for (const f of walked.files) hash.update(`${f.source}\0${f.file}\0${f.size}\0${f.mtimeMs}\n`);
  return hash.update(JSON.stringify(walked.problems)).digest('hex');
}

/** The state the last successful build wrote, or null. */
export function readBuildState(file: string): BuildState | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildState>;
    return typeof parsed.sources === 'string' && typeof parsed.outputs === 'string' ? (parsed as BuildState) : null;
  } catch {
    return null;
  }
}

/** Records a successful build. */
export function writeBuildState(file: string, state: BuildState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, file);
}
