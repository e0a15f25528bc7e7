/**
 * Finds the articles: every `*.md` below a folder (README.md included), in one stable order.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ContentFile {
  /** absolute path on disk */
  file: string;
  /** path relative to the content folder, with `/` separators (the record's `source`) */
  source: string;
}

/** Folders that are never content: tooling and version control. */
const IGNORED_DIRS = new Set(['node_modules']);

/**
 * Lists every `*.md` file below `root` sorted by the UTF-8 bytes of its relative path, so that
 * "the first file wins" means the same on every machine. A file given as `root` lists itself.
 */
export function walkContent(root: string): ContentFile[] {
  const absRoot = path.resolve(root);
  const stat = statSync(absRoot); // throws ENOENT with the path: callers report it
  if (stat.isFile()) return [{ file: absRoot, source: path.basename(absRoot) }];
  const found: ContentFile[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    const entries = readdirSync(path.join(absRoot, rel), { withFileTypes: true });
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      // a symlink counts as what it points to (a dangling one as nothing)
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path.join(absRoot, childRel)));
      if (isDir) {
        // hidden folders (.git, .cache) hold no articles
        if (!entry.name.startsWith('.') && !IGNORED_DIRS.has(entry.name)) pending.push(childRel);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.md')) {
        found.push({ file: path.join(absRoot, childRel), source: childRel });
      }
    }
  }
  return sortBySource(found);
}

function isDirectory(file: string): boolean {
  try { return statSync(file).isDirectory(); } catch { return false; }
}

/** Sorts by the byte order of `source` (UTF-16 order differs for characters beyond U+FFFF). */
export function sortBySource<T extends { source: string }>(files: T[]): T[] {
  const keyed = files.map((f) => ({ f, key: Buffer.from(f.source, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((k) => k.f);
}
