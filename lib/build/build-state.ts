/**
 * What the last build was made from and what it left behind, so that a build after no change does
 * nothing. Two stamps, each a hash of the relative path, size and modification time of every file
 * below some folders (stat only: ~0.5 s for the whole archive): `sources` (the content, the code, the
 * settings) taken when a build starts, `outputs` (out/, public/, the store's site data) taken when it
 * ends. A build whose sources stamp and whose current outputs both match the last successful build's
 * is skipped. Any edit, added or deleted file, changed setting or touched output runs the build.
 */
import { createHash, type Hash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { listingOf, type FolderListings, type Listing } from './folder-listings';
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
 * The lines of every file below `target` (a folder or a file; missing is recorded as missing), one
 * folder at a time (the generator yields after each, so a caller can let other work run between).
 * Links are recorded by what they point to and never walked into: a content folder may hold symlink
 * loops (lib/build/walk.ts reads the files they reach once, under their own paths). With `listings`,
 * a folder whose times are unchanged since the last stamp is stat'ed, not read (folder-listings.ts);
 * each file is stat'ed either way.
 */
function* treeLines(target: string, lines: string[], listed?: readonly ListedFile[], listings?: FolderListings): Generator<void, void> {
  let stat: Stats;
  try { stat = statSync(target); } catch { lines.push(`missing ${target}`); return; }
  if (!stat.isDirectory()) {
    lines.push(`${target} ${stat.size} ${stat.mtimeMs}`);
    return;
  }
  lines.push(`dir ${target}`);
  if (listed) {
    for (const f of listed) lines.push(`${f.file} ${f.size} ${f.mtimeMs}`);
    return;
  }
  const pending: { rel: string; stat: Stats | null }[] = [{ rel: '', stat }];
  while (pending.length > 0) {
    const dir = pending.pop() as { rel: string; stat: Stats | null };
    const abs = dir.rel ? path.join(target, dir.rel) : target;
    let listing: Listing;
    try {
      listing = listings && dir.stat ? listings.list(dir.rel, abs, dir.stat) : listingOf(readdirSync(abs, { withFileTypes: true }));
    } catch {
      lines.push(`unreadable ${dir.rel}`);
      continue;
    }
    for (let i = 0; i < listing.names.length; i++) {
      const name = dir.rel ? `${dir.rel}${path.sep}${listing.names[i] as string}` : (listing.names[i] as string);
      const kind = listing.kinds[i];
      if (kind === 'd') {
        // with listings, stat'ed before it is listed: a change after this shows in its times next time
        let s: Stats | null = null;
        if (listings) {
          try { s = lstatSync(path.join(target, name)); } catch { lines.push(`unreadable ${name}`); continue; }
        }
        pending.push({ rel: name, stat: s });
      } else if (kind === 'l') {
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
    yield;
  }
}

/** A file below a folder as a listing gives it: relative path with `/`, size, modification time. */
export interface ListedFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/** How a path is stamped: from a listing the caller made, or walked (with the last walk's folder listings). */
export interface PathStampOptions {
  /** the files below the folder as the caller has just listed and stat'ed them (a folder of plain files, no links) */
  listed?: readonly ListedFile[];
  /** the folder listings of the last stamp of this path (folder-listings.ts) */
  listings?: FolderListings;
}

/** Hashes lines, each followed by a line break, a thousand per update (one update per line cost more than the hashing). */
function hashLines(hash: Hash, lines: readonly string[]): Hash {
  for (let i = 0; i < lines.length; i += 1000) hash.update(`${lines.slice(i, i + 1000).join('\n')}\n`);
  return hash;
}

const digestOf = (lines: string[]): string => hashLines(createHash('sha1'), lines.sort()).digest('hex');

/** The stamp of one path: every file below it (see treeLines). */
export function pathStamp(target: string, { listed, listings }: PathStampOptions = {}): string {
  const lines: string[] = [];
  for (const _ of treeLines(path.resolve(target), lines, listed, listings)) { /* one folder at a time */ }
  return digestOf(lines);
}

/** pathStamp, letting other callbacks (a child's messages) run every `every` folders. */
export async function pathStampAsync(target: string, { listed, listings }: PathStampOptions = {}, every = 200): Promise<string> {
  const lines: string[] = [];
  let folders = 0;
  for (const _ of treeLines(path.resolve(target), lines, listed, listings)) {
    if (++folders % every === 0) await new Promise<void>((resolve) => { setImmediate(resolve); });
  }
  return digestOf(lines);
}

/** Several paths' stamps (in their order) and the settings as one stamp. */
export function combineStamps(settings: unknown, stamps: readonly string[]): string {
  const hash = createHash('sha1').update(`${JSON.stringify(settings)}\n`);
  for (const stamp of stamps) hash.update(`${stamp}\n`);
  return hash.digest('hex');
}

/**
 * A stamp of the given settings and of every file below the given paths. `listed`: folders whose
 * files the caller has just listed and stat'ed (a folder of plain files, no links: the build's out/
 * as the hosting step saw it), hashed as walking them would. `listings`: the folder listings of the
 * last stamp of some of the paths, by path.
 */
export function treeStamp(
  paths: readonly string[], settings: unknown = null,
  listed: ReadonlyMap<string, readonly ListedFile[]> = new Map(), listings: ReadonlyMap<string, FolderListings> = new Map(),
): string {
  return combineStamps(settings, paths.map((p) => pathStamp(p, { listed: listed.get(path.resolve(p)), listings: listings.get(path.resolve(p)) })));
}

/**
 * A stamp of the content as walked (walk.ts: every article's path, size and modification time, the
 * file it reads and what the walk refused); null: the content could not be walked. Only what the
 * load reads counts: a file that is not an article changes nothing.
 */
export function walkStamp(walked: Walked | null): string {
  const hash = createHash('sha1');
  if (!walked) return hash.update('unwalkable\n').digest('hex');
  hashLines(hash, walked.files.map((f) => `${f.source}\0${f.file}\0${f.size}\0${f.mtimeMs}`));
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
