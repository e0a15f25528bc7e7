/**
 * Brings a copy of a folder up to date: what `next build` does with public/ (copying it into out/)
 * when the build skips `next build`. Writes only files whose bytes differ and removes the files a
 * previous copy made that the folder no longer has. A file named by its content (the search index's)
 * is hard-linked, not copied: its bytes never change under its name (the index writes another name,
 * or replaces the file by a rename), and a delete's rebuild brings 5,200 such files (90 MB) whose
 * copy took ~3 s.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir`, relative, with `/`. */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Copies `src` over `dst` (changed files only), removing `previous` files that `src` no longer has;
 * returns the files written and removed. `named(rel)`: the file's name changes with its bytes (the
 * search index's files), so a copy of that name and size already in `dst` is taken as equal unread.
 */
export function syncTree(src: string, dst: string, previous: readonly string[], named: (rel: string) => boolean = () => false): SyncResult {
  const files = listTree(src);
  const present = new Set(files);
  let written = 0;
  let removed = 0;
  const writtenFiles: string[] = [];
  const removedFiles: string[] = [];
  for (const rel of previous) {
    if (present.has(rel)) continue;
    rmSync(path.join(dst, rel), { force: true });
    removed++;
    removedFiles.push(rel);
    // and the folders that leaves empty (an old search index's `<build>/terms/`), up to dst
    for (let dir = path.dirname(path.resolve(dst, rel)); dir.startsWith(path.resolve(dst) + path.sep); dir = path.dirname(dir)) {
      try { rmdirSync(dir); } catch { break; } // not empty (or gone): stop
    }
  }
  const made = new Set<string>();
  const folderOf = (file: string) => {
    const dir = path.dirname(file);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
  };
  for (const rel of files) {
    const target = path.join(dst, rel);
    if (named(rel)) {
      const from = path.join(src, rel);
      if (sizeOf(target) === sizeOf(from)) continue;
      rmSync(target, { force: true });
      folderOf(target);
      try { linkSync(from, target); } catch { copyFileSync(from, target); } // another file system: copied
      written++;
      writtenFiles.push(rel);
      continue;
    }
    const bytes = readFileSync(path.join(src, rel));
    let same = false;
    try { same = readFileSync(target).equals(bytes); } catch { /* missing */ }
    if (same) continue;
    folderOf(target);
    writeFileSync(target, bytes);
    written++;
    writtenFiles.push(rel);
  }
  return { written, removed, files, writtenFiles, removedFiles };
}

export interface SyncResult {
  written: number;
  removed: number;
  /** every file of the source */
  files: string[];
  /** the files written into the copy, and the ones removed from it (relative, with `/`) */
  writtenFiles: string[];
  removedFiles: string[];
}

function sizeOf(file: string): number {
  try { return statSync(file).size; } catch { return -1; }
}
