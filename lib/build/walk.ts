/**
 * Finds the articles: every `*.md` below a folder (README.md included), in one stable order.
 *
 * A content folder is input like any other, so the walk can neither loop nor leave: every folder and
 * file is known by its device and inode, and each is taken once. A file reachable by several paths
 * (hard links, symlinks) counts once, under a path without symlinks if it has one, else under the
 * first such path in byte order. A symlink whose target lies outside the content folder is refused
 * and reported by its own path; so are broken links and special files. An unreadable folder is
 * reported and skipped, never the end of the run.
 */
import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../parse/types';
import { listingOf, readFolder, type FolderListings, type ReadFolder } from './folder-listings';

export interface ContentFile {
  /** absolute path on disk */
  file: string;
  /** path relative to the content folder, with `/` separators (the record's `source`) */
  source: string;
  /** size in bytes when walked (the parser checks it again before reading) */
  size?: number;
  /** modification time when walked (the build's no-change stamp) */
  mtimeMs?: number;
}

/** A walk's result: the files and what the walk refused or noted. */
export interface Walked {
  files: ContentFile[];
  problems: Problem[];
}

/** Folders that are never content: tooling and version control. */
const IGNORED_DIRS = new Set(['node_modules']);

/** Hidden folders (.git, .cache) and tooling folders hold no articles. */
function isIgnoredDir(name: string): boolean {
  return name.startsWith('.') || IGNORED_DIRS.has(name);
}

function isArticleName(name: string): boolean {
  return name.toLowerCase().endsWith('.md');
}

/**
 * Files or folders by device and inode: numbers in a set per device (a string per entry made the
 * walk's 120,000 entries a third of its garbage-collection work).
 */
class InodeSet {
  private readonly byDevice = new Map<number, Set<number>>();
  has(s: { dev: number; ino: number }): boolean {
    return this.byDevice.get(s.dev)?.has(s.ino) ?? false;
  }
  add(s: { dev: number; ino: number }): void {
    let inodes = this.byDevice.get(s.dev);
    if (!inodes) this.byDevice.set(s.dev, (inodes = new Set()));
    inodes.add(s.ino);
  }
}

export interface WalkOptions {
  /** reads a folder's entries (tests make one unreadable with it) */
  readDir?: ReadFolder;
  /** the last walk's folder listings: an unchanged folder is stat'ed, not read (folder-listings.ts) */
  listings?: FolderListings;
}

/**
 * Lists every `*.md` file below `root` sorted by the UTF-8 bytes of its relative path, so that
 * "the first file wins" means the same on every machine. A file given as `root` lists itself.
 * Problems of the walk (refused links, unreadable folders) are pushed onto `problems` when given;
 * their `file` is the entry's own path relative to `root`, with `/`.
 */
export function walkContent(root: string, problems: Problem[] = [], { readDir = readFolder, listings }: WalkOptions = {}): ContentFile[] {
  const absRoot = path.resolve(root);
  const stat = statSync(absRoot); // throws ENOENT with the path: callers report it
  if (stat.isFile()) return [{ file: absRoot, source: path.basename(absRoot), size: stat.size, mtimeMs: stat.mtimeMs }];
  const realRoot = realpathSync(absRoot);
  const report = (source: string, code: string, message: string, severity: Problem['severity'] = 'error'): void => {
    problems.push({ file: source, line: 1, code, message, severity });
  };
  const seenDirs = new InodeSet();
  seenDirs.add(stat);
  const seenFiles = new InodeSet();
  const found: ContentFile[] = [];
  const links: { source: string; abs: string }[] = [];
  let linksAdded = false;

  /** Walks a folder without following links; links found are queued for the second pass. */
  const walkDir = (startAbs: string, startRel: string, startStat: Stats): void => {
    const pending: { abs: string; rel: string; stat: Stats }[] = [{ abs: startAbs, rel: startRel, stat: startStat }];
    // each file's stat as the few numbers kept (60,000 Stats objects held to the end cost more in GC than the walk)
    const direct: { file: string; source: string; size: number; mtimeMs: number; dev: number; ino: number }[] = [];
    while (pending.length > 0) {
      const dir = pending.pop() as { abs: string; rel: string; stat: Stats };
      let names: string[];
      let kinds: string;
      try {
        ({ names, kinds } = listings ? listings.list(dir.rel, dir.abs, dir.stat, readDir) : listingOf(readDir(dir.abs)));
      } catch (error) {
        report(dir.rel || '.', 'folder-unreadable', `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); its articles are skipped`);
        continue;
      }
      const base = dir.abs.endsWith(path.sep) ? dir.abs : dir.abs + path.sep;
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        const kind = kinds[i];
        const rel = dir.rel ? `${dir.rel}/${name}` : name;
        const abs = base + name;
        if (kind === 'l') {
          links.push({ source: rel, abs });
          linksAdded = true;
        } else if (kind === 'd') {
          if (isIgnoredDir(name)) continue;
          // stat'ed before it is listed: a change after this shows in its times next walk
          const s = lstatOrNull(abs);
          if (!s || !s.isDirectory() || seenDirs.has(s)) continue;
          seenDirs.add(s);
          pending.push({ abs, rel, stat: s });
        } else if (kind === 'f' && isArticleName(name)) {
          const s = lstatOrNull(abs);
          if (s?.isFile()) direct.push({ file: abs, source: rel, size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino });
        }
      }
    }
    // hard links: the first path in byte order keeps the file
    for (const f of sortBySource(direct)) {
      if (seenFiles.has(f)) {
        report(f.source, 'duplicate-path', 'the same file as a path listed before it (a hard link or a linked folder); read once', 'warning');
        continue;
      }
      seenFiles.add(f);
      found.push({ file: f.file, source: f.source, size: f.size, mtimeMs: f.mtimeMs });
    }
  };

  walkDir(absRoot, '', stat);
  // Links after every plain path, the smallest path first: a path below a link sorts after the link
  // itself, so each file and folder is reached first under its smallest path with links.
  while (links.length > 0) {
    if (linksAdded) links.sort((a, b) => Buffer.compare(Buffer.from(b.source), Buffer.from(a.source)));
    linksAdded = false;
    const link = links.pop() as { source: string; abs: string };
    let real: string;
    let target: Stats;
    try {
      real = realpathSync(link.abs);
      target = statSync(real);
    } catch {
      report(link.source, 'symlink-broken', 'symbolic link to nothing (or a loop of links); ignored', 'warning');
      continue;
    }
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      report(link.source, 'symlink-outside', 'symbolic link to a place outside the content folder; refused');
      continue;
    }
    if (target.isDirectory()) {
      const name = path.basename(link.source);
      if (isIgnoredDir(name)) continue;
      if (seenDirs.has(target)) {
        report(link.source, 'symlink-duplicate', 'symbolic link to a folder already walked (a loop or a second path); its articles are read once, under their first path', 'warning');
        continue;
      }
      seenDirs.add(target);
      walkDir(real, link.source, target);
    } else if (target.isFile()) {
      if (!isArticleName(link.source)) continue;
      if (seenFiles.has(target)) {
        report(link.source, 'symlink-duplicate', 'symbolic link to an article already listed under another path; read once', 'warning');
        continue;
      }
      seenFiles.add(target);
      found.push({ file: real, source: link.source, size: target.size, mtimeMs: target.mtimeMs });
    } else if (isArticleName(link.source)) {
      report(link.source, 'not-a-file', 'symbolic link to a device, pipe or socket; refused');
    }
  }
  return sortBySource(found);
}

function lstatOrNull(file: string): Stats | null {
  try { return lstatSync(file); } catch { return null; }
}

/**
 * Sorts by the byte order of `source`. UTF-16 order is the same (both follow code points) unless a
 * character beyond U+FFFF, a surrogate pair in UTF-16, is compared with one in U+E000-U+FFFF: only
 * then are the UTF-8 bytes compared.
 */
export function sortBySource<T extends { source: string }>(files: T[]): T[] {
  if (!files.some((f) => /[\uD800-\uDFFF]/.test(f.source))) {
    return files.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }
  const keyed = files.map((f) => ({ f, key: Buffer.from(f.source, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((k) => k.f);
}

/**
 * A walk as one message to another process (the build's parent hands its walk to the prepare child):
 * the paths as strings joined by NUL (which no path holds), sizes and times as typed arrays, which
 * cross a structured-clone channel as bytes (60,000 objects took three times as long).
 */
export interface PackedWalk {
  root: string;
  sources: string;
  /** each file's path on disk, empty when it is the root's path joined with its source */
  files: string;
  sizes: Float64Array;
  mtimes: Float64Array;
  problems: Problem[];
}

const onDisk = (base: string, source: string): string => base + (path.sep === '/' ? source : source.split('/').join(path.sep));

/** Packs a walk of `root` for another process. */
export function packWalk(root: string, walked: Walked): PackedWalk {
  const base = path.resolve(root) + path.sep;
  const sizes = new Float64Array(walked.files.length);
  const mtimes = new Float64Array(walked.files.length);
  walked.files.forEach((f, i) => { sizes[i] = f.size ?? NaN; mtimes[i] = f.mtimeMs ?? NaN; });
  return {
    root,
    sources: walked.files.map((f) => f.source).join('\0'),
    files: walked.files.map((f) => (f.file === onDisk(base, f.source) ? '' : f.file)).join('\0'),
    sizes, mtimes, problems: walked.problems,
  };
}

/** The walk packWalk packed. */
export function unpackWalk(packed: PackedWalk): Walked {
  if (packed.sizes.length === 0) return { files: [], problems: packed.problems };
  const base = path.resolve(packed.root) + path.sep;
  const sources = packed.sources.split('\0');
  const files = packed.files.split('\0');
  return {
    files: sources.map((source, i) => {
      const size = packed.sizes[i] as number;
      const mtimeMs = packed.mtimes[i] as number;
      return { file: files[i] || onDisk(base, source), source, ...(Number.isNaN(size) ? {} : { size }), ...(Number.isNaN(mtimeMs) ? {} : { mtimeMs }) };
    }),
    problems: packed.problems,
  };
}
